/**
 * A new ISMAIL account for this provider identity: names and email start from what the provider
 * said (the person may change them), a password of their own, and the account is pending until
 * its KYC is approved, like any sign-up.
 */
import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { saveSession } from '../../session.js';
import { NewAccountFields, useNewAccountForm } from '../NewAccountFields.js';
import { useSubmission } from '../submission.js';
import { failureOf } from './flow.js';
import type { Unlinked } from './SocialCallback.js';

export function SocialSignUpForm({ unlinked }: { readonly unlinked: Unlinked }) {
  const { t } = useTranslation('social');
  const navigate = useNavigate();
  const form = useNewAccountForm({
    firstName: unlinked.givenName ?? '',
    lastName: unlinked.familyName ?? '',
    email: unlinked.email ?? '',
  });
  const submission = useSubmission();

  const signUp = async (): Promise<string | null> => {
    const body = { ticket: unlinked.ticket, ...form.account(), country: 'CI' };
    const { data, error } = await api.POST('/v1/social/sign-up', { body });
    if (data === undefined) return failureOf(error);
    saveSession(data);
    await navigate({ to: '/' });
    return null;
  };

  return (
    <form
      className="card form"
      onSubmit={(event) => void submission.submit(event, signUp)}
      aria-labelledby="social-sign-up-title"
    >
      <h2 id="social-sign-up-title">{t('social:signUp.title')}</h2>
      <p className="muted">{t('social:signUp.intro')}</p>
      <NewAccountFields
        form={form}
        idPrefix="social"
        labels={{
          profile: t('social:signUp.profile'),
          profiles: { client: t('social:signUp.profiles.client'), partner: t('social:signUp.profiles.partner') },
          firstName: t('social:signUp.firstName'),
          lastName: t('social:signUp.lastName'),
          email: t('social:signUp.email'),
          password: t('social:signUp.password'),
          passwordHint: t('social:signUp.passwordHint'),
        }}
      />
      {submission.failure !== null && (
        <p className="error" role="alert">
          {t(`social:errors.${submission.failure}`)}
        </p>
      )}
      <button type="submit" className="button" disabled={submission.busy}>
        {t('social:signUp.submit')}
      </button>
    </form>
  );
}
