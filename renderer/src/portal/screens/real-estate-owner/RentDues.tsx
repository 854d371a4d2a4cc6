/**
 * A lease's rent dues as the landlord follows them: paid, due or late (with the collection file a late one opened),
 * "Enregistrer un paiement" for rent received in cash or by mobile money (one Idempotency-Key per form shown: a retry
 * cannot record twice), and the receipts the cloud issued for each payment.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatFcfa } from '../../../common/format.js';
import { fcfaOf, recordRent } from './data.js';
import { DocumentLink } from './DocumentLink.js';
import { problemText } from './problem.js';
import type { Lease, RentDue } from './types.js';
import { shortDay, today } from './when.js';

const stateOf = (d: RentDue): 'paid' | 'late' | 'due' => (d.paidXof >= d.amountXof ? 'paid' : d.late ? 'late' : 'due');

function RecordForm({ due, close }: { due: RentDue; close: () => void }) {
  const { t, i18n } = useTranslation('real-estate-owner');
  const queryClient = useQueryClient();
  const [amount, setAmount] = useState(String(due.amountXof - due.paidXof));
  const [method, setMethod] = useState<'cash' | 'mobile_money'>('cash');
  const [key] = useState(() => crypto.randomUUID());
  const record = useMutation({
    mutationFn: () => recordRent(due.id, fcfaOf(amount), method, key),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['real-estate', 'leases'] });
      close();
    },
  });
  function submit(event: FormEvent): void {
    event.preventDefault();
    if (!record.isPending && Number.isSafeInteger(fcfaOf(amount))) record.mutate();
  }
  return (
    <form className="form reo-record" onSubmit={submit}>
      <label htmlFor={`reo-pay-${due.id}`}>{t('real-estate-owner:rent.amount')}</label>
      <input
        id={`reo-pay-${due.id}`}
        inputMode="numeric"
        required
        autoComplete="off"
        value={amount}
        onChange={(e) => setAmount(e.target.value)}
      />
      <fieldset>
        <legend>{t('real-estate-owner:rent.method')}</legend>
        {(['cash', 'mobile_money'] as const).map((m) => (
          <label key={m} className="reo-check">
            <input type="radio" name={`reo-method-${due.id}`} checked={method === m} onChange={() => setMethod(m)} />
            {t(`real-estate-owner:rent.methods.${m}`)}
          </label>
        ))}
      </fieldset>
      {record.isError ? (
        <p className="error" role="alert">
          {problemText(t, record.error, i18n.language)}
        </p>
      ) : null}
      <div className="reo-actions">
        <button type="submit" className="button" disabled={record.isPending}>
          {t('real-estate-owner:rent.save')}
        </button>
        <button type="button" className="button secondary" onClick={close}>
          {t('real-estate-owner:publish.cancel')}
        </button>
      </div>
    </form>
  );
}

/** One due: its day, amount and state, the collection file a late one opened, and the payment form on demand. */
function DueItem({ due, open, setOpen }: { due: RentDue; open: boolean; setOpen: (id: string | null) => void }) {
  const { t, i18n } = useTranslation('real-estate-owner');
  const language = i18n.language;
  const state = stateOf(due);
  return (
    <li className={`reo-due reo-due-${state}`}>
      <p>
        <strong>{t('real-estate-owner:rent.period', { day: shortDay(`${due.dueOn}T12:00:00Z`, language) })}</strong>
        {` · ${formatFcfa(due.amountXof, language)} · `}
        <span className={`reo-chip reo-chip-${state}`}>{t(`real-estate-owner:rent.state.${state}`)}</span>
      </p>
      {due.paidXof > 0 && state !== 'paid' ? (
        <p className="muted">{t('real-estate-owner:rent.partly', { amount: formatFcfa(due.paidXof, language) })}</p>
      ) : null}
      {due.collectionFileId === null ? null : (
        <p className="reo-warning">
          {t('real-estate-owner:rent.collection', { file: due.collectionFileId.slice(0, 8) })}
        </p>
      )}
      {state === 'paid' ? null : open ? (
        <RecordForm due={due} close={() => setOpen(null)} />
      ) : (
        <button type="button" className="button secondary" onClick={() => setOpen(due.id)}>
          {t('real-estate-owner:rent.record')}
        </button>
      )}
    </li>
  );
}

/**
 * The dues so far and the next one to pay in full; the later ones folded (a year's lease lists twelve, and on a phone
 * the receipts would sit far below them).
 */
function splitDues(dues: readonly RentDue[]): { now: RentDue[]; later: RentDue[] } {
  const day = today();
  const next = dues.find((d) => d.dueOn > day && stateOf(d) !== 'paid');
  const now = dues.filter((d) => d.dueOn <= day || d === next);
  return { now, later: dues.filter((d) => !now.includes(d)) };
}

export function RentDues({ lease }: { lease: Lease }) {
  const { t } = useTranslation('real-estate-owner');
  const [open, setOpen] = useState<string | null>(null);
  const receipts = lease.documents.filter((d) => d.kind === 'receipt');
  const { now, later } = splitDues(lease.dues);
  const item = (d: RentDue) => <DueItem key={d.id} due={d} open={open === d.id} setOpen={setOpen} />;
  return (
    <div className="reo-rent">
      <h3>{t('real-estate-owner:rent.title')}</h3>
      {lease.dues.length === 0 ? <p className="muted">{t('real-estate-owner:rent.none')}</p> : null}
      <ul className="reo-dues" data-testid={`dues-${lease.id}`}>
        {now.map(item)}
      </ul>
      {later.length === 0 ? null : (
        <details className="reo-past">
          <summary>{t('real-estate-owner:rent.later', { n: later.length })}</summary>
          <ul className="reo-dues">{later.map(item)}</ul>
        </details>
      )}
      <h3>{t('real-estate-owner:rent.receipts')}</h3>
      {receipts.length === 0 ? (
        <p className="muted">{t('real-estate-owner:rent.noReceipt')}</p>
      ) : (
        <ul className="reo-receipts" data-testid={`receipts-${lease.id}`}>
          {receipts.map((r) => (
            <li key={r.id}>
              <DocumentLink documentId={r.id} fileName={r.fileName} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
