/**
 * Proving an account: its email, its password, and its authenticator code once the cloud asks
 * for it. Used by sign-in and by linking a social identity to an existing account, so both ask
 * the same way (same autocomplete hints for password managers, same six-digit code field).
 */
import { useState, type FormEvent } from 'react';
import { useSubmission } from './submission.js';

/** What the person typed, and whether the cloud has asked for the authenticator code. */
export interface CredentialForm {
  readonly email: string;
  readonly password: string;
  readonly totpCode: string;
  readonly askCode: boolean;
  readonly failure: string | null;
  readonly busy: boolean;
  setEmail(email: string): void;
  setPassword(password: string): void;
  setTotpCode(code: string): void;
  /** The body's proof: email, password, and the code only once it was asked for and typed. */
  proof(): { email: string; password: string; totpCode?: string };
  /** Runs one submission (see useSubmission); the code field appears once the cloud asks for it. */
  submit(event: FormEvent, send: () => Promise<string | null>): Promise<void>;
}

export function useCredentialForm(): CredentialForm {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [totpCode, setTotpCode] = useState('');
  const [askCode, setAskCode] = useState(false);
  const submission = useSubmission();
  return {
    email,
    password,
    totpCode,
    askCode,
    failure: submission.failure,
    busy: submission.busy,
    setEmail,
    setPassword,
    setTotpCode,
    proof: () => ({ email, password, ...(askCode && totpCode !== '' ? { totpCode } : {}) }),
    submit: (event, send) =>
      submission.submit(event, async () => {
        const code = await send();
        if (code === 'SECOND_FACTOR_CODE_REQUIRED') setAskCode(true);
        return code;
      }),
  };
}

/** The fields, labelled in the caller's words; ids start with `idPrefix` so two forms never clash. */
export function CredentialFields({
  form,
  idPrefix,
  labels,
}: {
  readonly form: CredentialForm;
  readonly idPrefix: string;
  readonly labels: { readonly email: string; readonly password: string; readonly totp: string };
}) {
  return (
    <>
      <label htmlFor={`${idPrefix}-email`}>{labels.email}</label>
      <input
        id={`${idPrefix}-email`}
        type="email"
        autoComplete="username"
        inputMode="email"
        required
        value={form.email}
        onChange={(event) => form.setEmail(event.target.value)}
      />
      <label htmlFor={`${idPrefix}-password`}>{labels.password}</label>
      <input
        id={`${idPrefix}-password`}
        type="password"
        autoComplete="current-password"
        required
        value={form.password}
        onChange={(event) => form.setPassword(event.target.value)}
      />
      {form.askCode && (
        <>
          <label htmlFor={`${idPrefix}-totp`}>{labels.totp}</label>
          <input
            id={`${idPrefix}-totp`}
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9]{6}"
            required
            value={form.totpCode}
            onChange={(event) => form.setTotpCode(event.target.value)}
          />
        </>
      )}
    </>
  );
}
