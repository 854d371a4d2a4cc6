/**
 * Sign-up, step 1: client or partner, names, email and password, sent to the cloud's sign-up
 * (the account is pending until KYC approval); the session it answers is kept on this device so
 * the next steps (and a reload) go on signed in.
 */
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { saveSession } from '../../session.js';
import { NewAccountFields, useNewAccountForm } from '../NewAccountFields.js';
import { useSubmission } from '../submission.js';

const knownErrors = new Set(['CONFLICT', 'VALIDATION_FAILED', 'RATE_LIMITED']);

export function IdentityStep({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation('onboarding');
  const form = useNewAccountForm();
  const submission = useSubmission();

  const signUp = async (): Promise<string | null> => {
    const { data, error } = await api.POST('/v1/auth/sign-up', { body: { ...form.account(), country: 'CI' } });
    if (data === undefined) return knownErrors.has(error.error.code) ? error.error.code : 'other';
    saveSession(data);
    onDone();
    return null;
  };

  return (
    <form className="card form" onSubmit={(event) => void submission.submit(event, signUp)}>
      <NewAccountFields
        form={form}
        idPrefix="sign-up"
        labels={{
          profile: t('onboarding:identity.profile'),
          profiles: { client: t('onboarding:identity.client'), partner: t('onboarding:identity.partner') },
          firstName: t('onboarding:identity.firstName'),
          lastName: t('onboarding:identity.lastName'),
          email: t('onboarding:identity.email'),
          password: t('onboarding:identity.password'),
        }}
      />
      {submission.failure !== null && (
        <p className="error" role="alert">
          {t(`onboarding:errors.${submission.failure}`)}
        </p>
      )}
      <button type="submit" className="button" disabled={submission.busy}>
        {submission.busy ? t('onboarding:identity.submitting') : t('onboarding:identity.submit')}
      </button>
    </form>
  );
}
