/**
 * The first step of selling credits: the client's card scanned (or pasted) and checked by the
 * hub, offline too; a refused card says why, and a valid one gives its holder as every output
 * shows the name.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { displayText } from '@ismail/shared';
import { errorKey, useHub } from '../hub-context.js';
import { classifyInput } from '../scan-input.js';

/** The client whose wallet the cash goes to, with the scanned token the top-up names them by. */
export interface Holder {
  readonly token: string;
  readonly name: string;
  readonly ismailId: string;
}

export function CreditsCardScan({ onHolder }: { readonly onHolder: (holder: Holder) => void }) {
  const { t } = useTranslation();
  const hub = useHub();
  const [scan, setScan] = useState('');

  const readCard = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const entry = classifyInput(scan);
    setScan('');
    if (entry.kind !== 'card') {
      hub.notify({ tone: 'error', key: 'credits.notACard' });
      return;
    }
    const result = await hub.client.verifyCard({ token: entry.token });
    if (!result.ok) {
      hub.notify({ tone: 'error', key: errorKey(result.error.code) });
      return;
    }
    if (!result.value.ok) {
      hub.notify({ tone: 'error', key: `cardRefusal.${result.value.reason}` });
      return;
    }
    // Shown and printed on the receipt as every output shows it (control characters: shared/text/display-text).
    onHolder({ token: entry.token, name: displayText(result.value.name), ismailId: result.value.ismailId });
  };

  return (
    <form onSubmit={(event) => void readCard(event)}>
      <label>
        {t('credits.scanCard')}
        <input
          autoFocus
          autoComplete="off"
          value={scan}
          onChange={(e) => setScan(e.target.value)}
          placeholder={t('credits.scanPlaceholder')}
        />
      </label>
    </form>
  );
}
