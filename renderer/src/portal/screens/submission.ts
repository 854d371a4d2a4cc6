/**
 * One form's submission to the cloud: busy while it runs (the button is disabled, so a double tap
 * sends once), and the failure's code to show (`send` answers null on success). A network
 * failure reads "offline" when the phone says so, else "other".
 */
import { useState, type FormEvent } from 'react';

export interface Submission {
  readonly failure: string | null;
  readonly busy: boolean;
  submit(event: FormEvent, send: () => Promise<string | null>): Promise<void>;
}

export function useSubmission(): Submission {
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return {
    failure,
    busy,
    async submit(event, send) {
      event.preventDefault();
      setBusy(true);
      setFailure(null);
      try {
        setFailure(await send());
      } catch {
        setFailure(navigator.onLine ? 'other' : 'offline');
      } finally {
        setBusy(false);
      }
    },
  };
}
