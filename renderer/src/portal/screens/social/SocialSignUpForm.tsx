/**
 * A new ISMAIL account for this provider identity: names and email start from what the provider
 * said (the person may change them), a password of their own, and the account is pending until
 * its KYC is approved, like any sign-up.
 */
import { useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { saveSession } from '../../session.js';
import { failureOf } from './flow.js';
import type { Unlinked } from './SocialCallback.js';

type Profile = 'client' | 'partner';

export function SocialSignUpForm({ unlinked }: { readonly unlinked: Unlinked }) {
  const { t } = useTranslation('social');
  const navigate = useNavigate();
  const [profile, setProfile] = useState<Profile>('client');
  const [firstName, setFirstName] = useState(unlinked.givenName ?? '');
  const [lastName, setLastName] = useState(unlinked.familyName ?? '');
  const [email, setEmail] = useState(unlinked.email ?? '');
  const [password, setPassword] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    setBusy(true);
    setFailure(null);
    try {
      const body = { ticket: unlinked.ticket, profile, firstName, lastName, email, password, country: 'CI' };
      const { data, error } = await api.POST('/v1/social/sign-up', { body });
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

  const field = (id: string, label: string, input: ReactNode) => (
    <>
      <label htmlFor={id}>{label}</label>
      {input}
    </>
  );

  return (
    <form className="card form" onSubmit={(event) => void submit(event)} aria-labelledby="social-sign-up-title">
      <h2 id="social-sign-up-title">{t('social:signUp.title')}</h2>
      <p className="muted">{t('social:signUp.intro')}</p>
      <fieldset className="choices">
        <legend>{t('social:signUp.profile')}</legend>
        {(['client', 'partner'] as const).map((choice) => (
          <label key={choice} className="choice">
            <input
              type="radio"
              name="social-profile"
              value={choice}
              checked={profile === choice}
              onChange={() => setProfile(choice)}
            />
            {t(`social:signUp.profiles.${choice}`)}
          </label>
        ))}
      </fieldset>
      {field(
        'social-first-name',
        t('social:signUp.firstName'),
        <input
          id="social-first-name"
          autoComplete="given-name"
          required
          maxLength={100}
          value={firstName}
          onChange={(event) => setFirstName(event.target.value)}
        />,
      )}
      {field(
        'social-last-name',
        t('social:signUp.lastName'),
        <input
          id="social-last-name"
          autoComplete="family-name"
          required
          maxLength={100}
          value={lastName}
          onChange={(event) => setLastName(event.target.value)}
        />,
      )}
      {field(
        'social-email',
        t('social:signUp.email'),
        <input
          id="social-email"
          type="email"
          autoComplete="email"
          required
          value={email}
          onChange={(event) => setEmail(event.target.value)}
        />,
      )}
      {field(
        'social-password',
        t('social:signUp.password'),
        <input
          id="social-password"
          type="password"
          autoComplete="new-password"
          required
          minLength={10}
          aria-describedby="social-password-hint"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />,
      )}
      <p id="social-password-hint" className="muted">
        {t('social:signUp.passwordHint')}
      </p>
      {failure !== null && (
        <p className="error" role="alert">
          {t(`social:errors.${failure}`)}
        </p>
      )}
      <button type="submit" className="button" disabled={busy}>
        {t('social:signUp.submit')}
      </button>
    </form>
  );
}
