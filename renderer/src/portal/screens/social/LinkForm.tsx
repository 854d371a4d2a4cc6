/**
 * Links the provider identity to an EXISTING account after proving it: that account's email and
 * password, and its authenticator code when the cloud asks for it. The email from the provider is
 * not used: the person types the account's own.
 */
import { useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { saveSession } from '../../session.js';
import { failureOf } from './flow.js';
import type { Unlinked } from './SocialCallback.js';

export function LinkForm({ unlinked }: { readonly unlinked: Unlinked }) {
  const { t } = useTranslation('social');
  const navigate = useNavigate();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [totpCode, setTotpCode] = useState('');
  const [askCode, setAskCode] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    setBusy(true);
    setFailure(null);
    try {
      const body = { ticket: unlinked.ticket, email, password, ...(askCode && totpCode !== '' ? { totpCode } : {}) };
      const { data, error } = await api.POST('/v1/social/link', { body });
      if (data !== undefined) {
        saveSession(data);
        await navigate({ to: '/social/accounts' });
        return;
      }
      const reason = failureOf(error);
      if (reason === 'SECOND_FACTOR_CODE_REQUIRED') setAskCode(true);
      setFailure(reason);
    } catch {
      setFailure(navigator.onLine ? 'other' : 'offline');
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card form" onSubmit={(event) => void submit(event)} aria-labelledby="social-link-title">
      <h2 id="social-link-title">{t('social:link.title')}</h2>
      <p className="muted">{t('social:link.intro')}</p>
      <label htmlFor="social-link-email">{t('social:link.email')}</label>
      <input
        id="social-link-email"
        type="email"
        autoComplete="username"
        inputMode="email"
        required
        value={email}
        onChange={(event) => setEmail(event.target.value)}
      />
      <label htmlFor="social-link-password">{t('social:link.password')}</label>
      <input
        id="social-link-password"
        type="password"
        autoComplete="current-password"
        required
        value={password}
        onChange={(event) => setPassword(event.target.value)}
      />
      {askCode && (
        <>
          <label htmlFor="social-link-totp">{t('social:link.totp')}</label>
          <input
            id="social-link-totp"
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9]{6}"
            required
            value={totpCode}
            onChange={(event) => setTotpCode(event.target.value)}
          />
        </>
      )}
      {failure !== null && (
        <p className="error" role="alert">
          {t(`social:errors.${failure}`)}
        </p>
      )}
      <button type="submit" className="button" disabled={busy}>
        {busy ? t('social:link.submitting') : t('social:link.submit')}
      </button>
    </form>
  );
}
