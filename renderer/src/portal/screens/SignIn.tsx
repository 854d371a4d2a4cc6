/**
 * Sign-in with the cloud's client sign-in (email, password, and the authenticator code when the
 * cloud asks for it). Nothing is queued offline: the person is told to try again.
 */
import { Link, useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import { saveSession } from '../session.js';
import { CredentialFields, useCredentialForm } from './CredentialFields.js';

const knownErrors = new Set(['INVALID_CREDENTIALS', 'SECOND_FACTOR_CODE_REQUIRED', 'RATE_LIMITED']);

export function SignIn() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const form = useCredentialForm();

  const signIn = async (): Promise<string | null> => {
    const { data, error } = await api.POST('/v1/auth/sign-in', { body: form.proof() });
    if (data === undefined) return knownErrors.has(error.error.code) ? error.error.code : 'other';
    saveSession(data);
    await navigate({ to: '/' });
    return null;
  };

  return (
    <section aria-labelledby="sign-in-title" className="screen">
      <h1 id="sign-in-title">{t('signIn.title')}</h1>
      <p>{t('signIn.intro')}</p>
      <form className="card form" onSubmit={(event) => void form.submit(event, signIn)}>
        <CredentialFields
          form={form}
          idPrefix="sign-in"
          labels={{ email: t('signIn.email'), password: t('signIn.password'), totp: t('signIn.totp') }}
        />
        {form.failure !== null && (
          <p className="error" role="alert">
            {t(`signIn.errors.${form.failure}`)}
          </p>
        )}
        <button type="submit" className="button" disabled={form.busy}>
          {form.busy ? t('signIn.submitting') : t('signIn.submit')}
        </button>
      </form>
      <Link to="/forgot-password">{t('signIn.forgot')}</Link>
      <Link to="/sign-up" className="button secondary">
        {t('signIn.create')}
      </Link>
      <Link to="/social/sign-in" className="button secondary">
        {t('signIn.social')}
      </Link>
    </section>
  );
}
