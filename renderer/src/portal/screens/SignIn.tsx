/**
 * Sign-in with the cloud's client sign-in (email, password, and the authenticator code when the
 * cloud asks for it). Nothing is queued offline: the person is told to try again.
 */
import { Link, useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import { saveSession } from '../session.js';

const knownErrors = new Set(['INVALID_CREDENTIALS', 'SECOND_FACTOR_CODE_REQUIRED', 'RATE_LIMITED']);

export function SignIn() {
  const { t } = useTranslation();
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
      const body = { email, password, ...(askCode && totpCode !== '' ? { totpCode } : {}) };
      const { data, error } = await api.POST('/v1/auth/sign-in', { body });
      if (data !== undefined) {
        saveSession(data);
        await navigate({ to: '/' });
        return;
      }
      const code = error.error.code;
      if (code === 'SECOND_FACTOR_CODE_REQUIRED') setAskCode(true);
      setFailure(knownErrors.has(code) ? code : 'other');
    } catch {
      setFailure(navigator.onLine ? 'other' : 'offline');
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="sign-in-title" className="screen">
      <h1 id="sign-in-title">{t('signIn.title')}</h1>
      <p>{t('signIn.intro')}</p>
      <form className="card form" onSubmit={(event) => void submit(event)} noValidate={false}>
        <label htmlFor="sign-in-email">{t('signIn.email')}</label>
        <input
          id="sign-in-email"
          type="email"
          autoComplete="username"
          inputMode="email"
          required
          value={email}
          onChange={(event) => setEmail(event.target.value)}
        />
        <label htmlFor="sign-in-password">{t('signIn.password')}</label>
        <input
          id="sign-in-password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
        {askCode && (
          <>
            <label htmlFor="sign-in-totp">{t('signIn.totp')}</label>
            <input
              id="sign-in-totp"
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
            {t(`signIn.errors.${failure}`)}
          </p>
        )}
        <button type="submit" className="button" disabled={busy}>
          {busy ? t('signIn.submitting') : t('signIn.submit')}
        </button>
      </form>
      <Link to="/sign-up" className="button secondary">
        {t('signIn.create')}
      </Link>
      <Link to="/social/sign-in" className="button secondary">
        {t('signIn.social')}
      </Link>
    </section>
  );
}
