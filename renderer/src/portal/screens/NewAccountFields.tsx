/**
 * A new account's fields: client or partner, first and last name, email and a new password (at
 * least 10 characters, as the cloud requires). Used by the sign-up's first step and by signing up
 * with a social identity (whose provider may have filled the names and email in), so both ask
 * the same way with the same bounds.
 */
import { useState } from 'react';

export type NewProfile = 'client' | 'partner';

export interface NewAccountForm {
  readonly profile: NewProfile;
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
  readonly password: string;
  setProfile(profile: NewProfile): void;
  setFirstName(name: string): void;
  setLastName(name: string): void;
  setEmail(email: string): void;
  setPassword(password: string): void;
  /** The sign-up body's account part, trimmed (the password as typed). */
  account(): { profile: NewProfile; firstName: string; lastName: string; email: string; password: string };
}

export function useNewAccountForm(start: { firstName?: string; lastName?: string; email?: string } = {}) {
  const [profile, setProfile] = useState<NewProfile>('client');
  const [firstName, setFirstName] = useState(start.firstName ?? '');
  const [lastName, setLastName] = useState(start.lastName ?? '');
  const [email, setEmail] = useState(start.email ?? '');
  const [password, setPassword] = useState('');
  const form: NewAccountForm = {
    profile,
    firstName,
    lastName,
    email,
    password,
    setProfile,
    setFirstName,
    setLastName,
    setEmail,
    setPassword,
    account: () => ({
      profile,
      firstName: firstName.trim(),
      lastName: lastName.trim(),
      email: email.trim(),
      password,
    }),
  };
  return form;
}

export interface NewAccountLabels {
  readonly profile: string;
  readonly profiles: Readonly<Record<NewProfile, string>>;
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
  readonly password: string;
  /** Said under the password field when given (read with it by screen readers). */
  readonly passwordHint?: string;
}

export function NewAccountFields({
  form,
  idPrefix,
  labels,
}: {
  readonly form: NewAccountForm;
  readonly idPrefix: string;
  readonly labels: NewAccountLabels;
}) {
  const hintId = `${idPrefix}-password-hint`;
  return (
    <>
      <fieldset className="choices">
        <legend>{labels.profile}</legend>
        {(['client', 'partner'] as const).map((choice) => (
          <label key={choice} className="choice">
            <input
              type="radio"
              name={`${idPrefix}-profile`}
              value={choice}
              checked={form.profile === choice}
              onChange={() => form.setProfile(choice)}
            />
            {labels.profiles[choice]}
          </label>
        ))}
      </fieldset>
      <label htmlFor={`${idPrefix}-first-name`}>{labels.firstName}</label>
      <input
        id={`${idPrefix}-first-name`}
        autoComplete="given-name"
        required
        maxLength={100}
        value={form.firstName}
        onChange={(event) => form.setFirstName(event.target.value)}
      />
      <label htmlFor={`${idPrefix}-last-name`}>{labels.lastName}</label>
      <input
        id={`${idPrefix}-last-name`}
        autoComplete="family-name"
        required
        maxLength={100}
        value={form.lastName}
        onChange={(event) => form.setLastName(event.target.value)}
      />
      <label htmlFor={`${idPrefix}-email`}>{labels.email}</label>
      <input
        id={`${idPrefix}-email`}
        type="email"
        autoComplete="email"
        inputMode="email"
        required
        maxLength={254}
        value={form.email}
        onChange={(event) => form.setEmail(event.target.value)}
      />
      <label htmlFor={`${idPrefix}-password`}>{labels.password}</label>
      <input
        id={`${idPrefix}-password`}
        type="password"
        autoComplete="new-password"
        required
        minLength={10}
        maxLength={200}
        aria-describedby={labels.passwordHint === undefined ? undefined : hintId}
        value={form.password}
        onChange={(event) => form.setPassword(event.target.value)}
      />
      {labels.passwordHint !== undefined && (
        <p id={hintId} className="muted">
          {labels.passwordHint}
        </p>
      )}
    </>
  );
}
