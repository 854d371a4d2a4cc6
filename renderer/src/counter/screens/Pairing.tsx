/**
 * A browser on the shop LAN that is not (or no longer) a paired terminal of this hub: all it
 * gets is this page. The person types the one-time code shown on the hub's own screen (or
 * scans its QR, which opens this page with the code filled in) and names the terminal; the hub
 * answers with its number and keeps the device token in an HttpOnly cookie.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { HubPairResponse } from '@ismail/shared';
import { hubPair } from '../hub-client.js';

export type PairingReason = 'notPaired' | 'revoked';

/** The code a scanned QR carries (?pair=12345678), if any. */
export function codeFromAddress(search: string): string {
  const code = new URLSearchParams(search).get('pair') ?? '';
  return /^\d{8}$/.test(code) ? code : '';
}

export function Pairing({ reason, onPaired }: { reason: PairingReason; onPaired: (paired: HubPairResponse) => void }) {
  const { t } = useTranslation();
  const [code, setCode] = useState(() => codeFromAddress(globalThis.location?.search ?? ''));
  const [label, setLabel] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const result = await hubPair({ code: code.replace(/\s+/g, ''), label: label.trim() });
    setBusy(false);
    if (result.ok) {
      // The code is spent: it leaves the address bar too.
      globalThis.history?.replaceState(null, '', '/');
      onPaired(result.value);
      return;
    }
    setError(
      result.error.code === 'RATE_LIMITED' ? 'tooManyTries' : result.error.code === 'FORBIDDEN' ? 'badCode' : 'failed',
    );
  };

  return (
    <main className="sign-in pairing">
      <form onSubmit={(event) => void submit(event)} aria-labelledby="pairing-title" aria-describedby="pairing-why">
        <h1 id="pairing-title">{t('terminals.pairTitle')}</h1>
        <p
          id="pairing-why"
          role={reason === 'revoked' ? 'alert' : undefined}
          className={reason === 'revoked' ? 'notice notice-error' : 'hint'}
        >
          {t(reason === 'revoked' ? 'terminals.revokedHere' : 'terminals.notPairedHere')}
        </p>
        <p className="hint">{t('terminals.pairHint')}</p>
        <label>
          {t('terminals.code')}
          <input
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9 ]{8,9}"
            maxLength={9}
            required
            autoFocus
            value={code}
            onChange={(e) => setCode(e.target.value)}
          />
        </label>
        <label>
          {t('terminals.label')}
          <input
            required
            maxLength={60}
            value={label}
            placeholder={t('terminals.labelExample')}
            onChange={(e) => setLabel(e.target.value)}
          />
        </label>
        {error !== null && (
          <p role="alert" className="notice notice-error" data-testid="pairing-error">
            {t(`terminals.${error}`)}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('common.wait') : t('terminals.pair')}
        </button>
      </form>
    </main>
  );
}
