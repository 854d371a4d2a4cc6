/**
 * Where the sign-up stands on this device: the step reached (kept in sessionStorage, so a reload
 * or a dropped connection resumes there, and nothing stays once the tab is closed). The chosen
 * files stay in memory beside it (a File cannot be stored), so a failed upload is retried with
 * the same file; what the cloud already holds is read back from it, never assumed.
 */
export const signUpSteps = ['identity', 'id_document', 'photo', 'proof_of_address', 'consent'] as const;
export type SignUpStep = (typeof signUpSteps)[number];
export const documentSteps = ['id_document', 'photo', 'proof_of_address'] as const;

const storageKey = 'ismail.signup.step';

export function savedStep(): number {
  const raw = Number(globalThis.sessionStorage?.getItem(storageKey) ?? '0');
  return Number.isInteger(raw) && raw >= 0 && raw < signUpSteps.length ? raw : 0;
}

export function saveStep(step: number): void {
  globalThis.sessionStorage?.setItem(storageKey, String(step));
}

export function forgetSignUp(): void {
  globalThis.sessionStorage?.removeItem(storageKey);
}

/** A size in kB or MB, in the reader's language (the cloud's limits are in MiB: 1 MB here is 1 MiB). */
export function formatSize(bytes: number, language: string): string {
  const megabytes = bytes / (1024 * 1024);
  if (megabytes >= 1)
    return new Intl.NumberFormat(language, { style: 'unit', unit: 'megabyte', maximumFractionDigits: 1 }).format(
      megabytes,
    );
  return new Intl.NumberFormat(language, { style: 'unit', unit: 'kilobyte', maximumFractionDigits: 0 }).format(
    Math.max(1, Math.round(bytes / 1024)),
  );
}
