/**
 * Links the provider identity to an EXISTING account after proving it: that account's email and
 * password, and its authenticator code when the cloud asks for it. The email from the provider is
 * not used: the person types the account's own.
 */
import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { saveSession } from '../../session.js';
import { CredentialFields, useCredentialForm } from '../CredentialFields.js';
import { failureOf } from './flow.js';
import type { Unlinked } from './SocialCallback.js';

export function LinkForm({ unlinked }: { readonly unlinked: Unlinked }) {
  const { t } = useTranslation('social');
  const navigate = useNavigate();
  const form = useCredentialForm();

  const link = async (): Promise<string | null> => {
    const { data, error } = await api.POST('/v1/social/link', { body: { ticket: unlinked.ticket, ...form.proof() } });
    if (data === undefined) return failureOf(error);
    saveSession(data);
    await navigate({ to: '/social/accounts' });
    return null;
  };

  return (
    <form className="card form" onSubmit={(event) => void form.submit(event, link)} aria-labelledby="social-link-title">
      <h2 id="social-link-title">{t('social:link.title')}</h2>
      <p className="muted">{t('social:link.intro')}</p>
      <CredentialFields
        form={form}
        idPrefix="social-link"
        labels={{ email: t('social:link.email'), password: t('social:link.password'), totp: t('social:link.totp') }}
      />
      {form.failure !== null && (
        <p className="error" role="alert">
          {t(`social:errors.${form.failure}`)}
        </p>
      )}
      <button type="submit" className="button" disabled={form.busy}>
        {form.busy ? t('social:link.submitting') : t('social:link.submit')}
      </button>
    </form>
  );
}
