/** The authenticator code of a linked account that enrolled one: social sign-in never skips it. */
import { useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { saveSession } from '../../session.js';
import { failureOf } from './flow.js';

export function SecondFactorForm({
  ticket,
  providerLabel,
}: {
  readonly ticket: string;
  readonly providerLabel: string;
}) {
  const { t } = useTranslation('social');
  const navigate = useNavigate();
  const [totpCode, setTotpCode] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    setBusy(true);
    setFailure(null);
    try {
      const { data, error } = await api.POST('/v1/social/second-factor', { body: { ticket, totpCode } });
      if (data !== undefined) {
        saveSession(data);
        await navigate({ to: '/' });
        return;
      }
      setFailure(failureOf(error));
    } catch {
      setFailure(navigator.onLine ? 'other' : 'offline');
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card form" onSubmit={(event) => void submit(event)} aria-labelledby="social-code-title">
      <h2 id="social-code-title">{t('social:secondFactor.title')}</h2>
      <p className="muted">{t('social:secondFactor.intro', { provider: providerLabel })}</p>
      <label htmlFor="social-code">{t('social:secondFactor.code')}</label>
      <input
        id="social-code"
        inputMode="numeric"
        autoComplete="one-time-code"
        pattern="[0-9]{6}"
        required
        value={totpCode}
        onChange={(event) => setTotpCode(event.target.value)}
      />
      {failure !== null && (
        <p className="error" role="alert">
          {t(`social:errors.${failure}`)}
        </p>
      )}
      <button type="submit" className="button" disabled={busy}>
        {t('social:secondFactor.submit')}
      </button>
    </form>
  );
}
