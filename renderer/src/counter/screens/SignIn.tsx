/**
 * Staff sign-in at the counter: email and password (and an authenticator code when the
 * person enrolled one). Works offline for someone who signed in here online recently.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { HubTerminal } from '@ismail/shared';
import type { StaffSession } from '../api.js';
import { hubSignIn } from '../hub-client.js';
import { errorKey } from '../hub-context.js';

/** `terminal`: the paired terminal this screen is (the session belongs to it), or null on the hub's own screen. */
export function SignIn({
  onSignedIn,
  terminal = null,
}: {
  onSignedIn: (session: StaffSession) => void;
  terminal?: HubTerminal | null;
}) {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [totpCode, setTotpCode] = useState('');
  const [needsCode, setNeedsCode] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const result = await hubSignIn({ email, password, ...(needsCode ? { totpCode } : {}) }, terminal !== null);
    setBusy(false);
    if (result.ok) {
      onSignedIn(result.value);
      return;
    }
    if (result.error.code === 'SECOND_FACTOR_CODE_REQUIRED') setNeedsCode(true);
    setError(result.error.code);
  };

  return (
    <main className="sign-in">
      <form onSubmit={(event) => void submit(event)} aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">{t('signIn.title')}</h1>
        <p className="hint">{t('signIn.hint')}</p>
        {terminal !== null && (
          <p className="hint" data-testid="sign-in-terminal">
            {t('terminals.signInHere', { number: terminal.number, label: terminal.label })}
          </p>
        )}
        <label>
          {t('signIn.email')}
          <input
            type="email"
            autoComplete="username"
            required
            autoFocus
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </label>
        <label>
          {t('signIn.password')}
          <input
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {needsCode && (
          <label>
            {t('signIn.totp')}
            <input
              inputMode="numeric"
              autoComplete="one-time-code"
              value={totpCode}
              onChange={(e) => setTotpCode(e.target.value)}
            />
          </label>
        )}
        {error !== null && (
          <p role="alert" className="notice notice-error">
            {t(errorKey(error), { defaultValue: t('errors.generic') })}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('common.wait') : t('signIn.submit')}
        </button>
      </form>
    </main>
  );
}
