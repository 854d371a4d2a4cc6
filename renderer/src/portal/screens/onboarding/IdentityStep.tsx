/**
 * Sign-up, step 1: client or partner, names, email and password, sent to the cloud's sign-up
 * (the account is pending until KYC approval); the session it answers is kept on this device so
 * the next steps (and a reload) go on signed in.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { saveSession } from '../../session.js';

const knownErrors = new Set(['CONFLICT', 'VALIDATION_FAILED', 'RATE_LIMITED']);

function field(id: string, label: string, input: ReactNode) {
  return (
    <>
      <label htmlFor={id}>{label}</label>
      {input}
    </>
  );
}

export function IdentityStep({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation('onboarding');
  const [profile, setProfile] = useState<'client' | 'partner'>('client');
  const [firstName, setFirstName] = useState('');
  const [lastName, setLastName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    setBusy(true);
    setFailure(null);
    try {
      const { data, error } = await api.POST('/v1/auth/sign-up', {
        body: {
          profile,
          firstName: firstName.trim(),
          lastName: lastName.trim(),
          email: email.trim(),
          password,
          country: 'CI',
        },
      });
      if (data !== undefined) {
        saveSession(data);
        onDone();
        return;
      }
      setFailure(knownErrors.has(error.error.code) ? error.error.code : 'other');
    } catch {
      setFailure(navigator.onLine ? 'other' : 'offline');
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card form" onSubmit={(event) => void submit(event)}>
      <fieldset className="choices">
        <legend>{t('onboarding:identity.profile')}</legend>
        {(['client', 'partner'] as const).map((value) => (
          <label key={value} className="choice">
            <input
              type="radio"
              name="profile"
              value={value}
              checked={profile === value}
              onChange={() => setProfile(value)}
            />
            {t(`onboarding:identity.${value}`)}
          </label>
        ))}
      </fieldset>
      {field(
        'sign-up-first-name',
        t('onboarding:identity.firstName'),
        <input
          id="sign-up-first-name"
          autoComplete="given-name"
          required
          maxLength={100}
          value={firstName}
          onChange={(event) => setFirstName(event.target.value)}
        />,
      )}
      {field(
        'sign-up-last-name',
        t('onboarding:identity.lastName'),
        <input
          id="sign-up-last-name"
          autoComplete="family-name"
          required
          maxLength={100}
          value={lastName}
          onChange={(event) => setLastName(event.target.value)}
        />,
      )}
      {field(
        'sign-up-email',
        t('onboarding:identity.email'),
        <input
          id="sign-up-email"
          type="email"
          autoComplete="email"
          inputMode="email"
          required
          maxLength={254}
          value={email}
          onChange={(event) => setEmail(event.target.value)}
        />,
      )}
      {field(
        'sign-up-password',
        t('onboarding:identity.password'),
        <input
          id="sign-up-password"
          type="password"
          autoComplete="new-password"
          required
          minLength={10}
          maxLength={200}
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />,
      )}
      {failure !== null && (
        <p className="error" role="alert">
          {t(`onboarding:errors.${failure}`)}
        </p>
      )}
      <button type="submit" className="button" disabled={busy}>
        {busy ? t('onboarding:identity.submitting') : t('onboarding:identity.submit')}
      </button>
    </form>
  );
}
