/**
 * Sending credits to another user by ISMAIL ID: the ID and amount, then a confirmation showing the recipient's name
 * as the cloud shows it (masked), the amount and the fee, then a receipt. The confirmed transfer is one intent with
 * one idempotency key: a double tap or a retry sends once (lazy-loaded route).
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatCredits, formatDateTime } from '../../../common/format.js';
import { ApiError } from '../../api/client.js';
import { settleIntent } from '../../api/intent.js';
import { findRecipient, sendTransfer } from './data.js';
import { errorText } from './errors.js';
import '../../styles/wallet.css';

interface Draft {
  readonly ismailId: string;
  readonly displayName: string;
  readonly amountCentiCredits: number;
}

interface Receipt extends Draft {
  readonly operationId: string;
  readonly at: string;
}

function Confirm({ draft, onBack, onSent }: { draft: Draft; onBack: () => void; onSent: (r: Receipt) => void }) {
  const { t, i18n } = useTranslation('wallet');
  const queryClient = useQueryClient();
  const [problem, setProblem] = useState<string | null>(null);
  const amount = formatCredits(draft.amountCentiCredits, i18n.language);
  const intentId = `transfer:${draft.ismailId}:${String(draft.amountCentiCredits)}`;
  // Set in the tap itself: a double tap comes before React has re-rendered the button as disabled.
  const sending = useRef(false);
  const send = useMutation({
    mutationFn: () =>
      sendTransfer(intentId, { toIsmailId: draft.ismailId, amountCentiCredits: draft.amountCentiCredits }),
    onSuccess: (done) => {
      settleIntent(intentId);
      void queryClient.invalidateQueries({ queryKey: ['wallet'] });
      onSent({ ...draft, displayName: done.recipient.displayName, operationId: done.operationId, at: done.createdAt });
    },
    onError: (error) => {
      if (error instanceof ApiError) settleIntent(intentId);
      setProblem(errorText(t, error));
    },
    onSettled: () => {
      sending.current = false;
    },
  });
  return (
    <div className="card" data-testid="transfer-confirm">
      <h2>{t('wallet:transfer.confirmTitle')}</h2>
      <dl className="facts">
        <dt>{t('wallet:transfer.to')}</dt>
        <dd data-testid="transfer-recipient">
          {draft.displayName} <span className="muted nowrap">({draft.ismailId})</span>
        </dd>
        <dt>{t('wallet:transfer.sum')}</dt>
        <dd>{t('wallet:history.amount', { sign: '', amount })}</dd>
        <dt>{t('wallet:transfer.fee')}</dt>
        <dd>{t('wallet:transfer.noFee')}</dd>
        <dt>{t('wallet:transfer.total')}</dt>
        <dd className="strong">{t('wallet:history.amount', { sign: '', amount })}</dd>
      </dl>
      {problem !== null && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      <div className="wallet-actions">
        <button
          type="button"
          className="button"
          disabled={send.isPending}
          aria-busy={send.isPending}
          onClick={() => {
            if (sending.current) return;
            sending.current = true;
            send.mutate();
          }}
        >
          {send.isPending ? t('wallet:transfer.sending') : t('wallet:transfer.confirm')}
        </button>
        <button type="button" className="button secondary" disabled={send.isPending} onClick={onBack}>
          {t('wallet:transfer.back')}
        </button>
      </div>
    </div>
  );
}

function ReceiptCard({ receipt, onAnother }: { receipt: Receipt; onAnother: () => void }) {
  const { t, i18n } = useTranslation('wallet');
  const amount = formatCredits(receipt.amountCentiCredits, i18n.language);
  return (
    <div className="card" data-testid="transfer-receipt" role="status">
      <h2>{t('wallet:transfer.receiptTitle')}</h2>
      <dl className="facts">
        <dt>{t('wallet:transfer.to')}</dt>
        <dd>
          {receipt.displayName} <span className="muted nowrap">({receipt.ismailId})</span>
        </dd>
        <dt>{t('wallet:transfer.sum')}</dt>
        <dd>{t('wallet:history.amount', { sign: '', amount })}</dd>
        <dt>{t('wallet:transfer.fee')}</dt>
        <dd>{t('wallet:transfer.noFee')}</dd>
        <dt>{t('wallet:transfer.at')}</dt>
        <dd>
          <time dateTime={receipt.at}>{formatDateTime(receipt.at, i18n.language)}</time>
        </dd>
        <dt>{t('wallet:transfer.reference')}</dt>
        <dd className="reference">{receipt.operationId}</dd>
      </dl>
      <div className="wallet-actions">
        <Link to="/wallet" className="button">
          {t('wallet:transfer.done')}
        </Link>
        <button type="button" className="button secondary" onClick={onAnother}>
          {t('wallet:transfer.another')}
        </button>
      </div>
    </div>
  );
}

export function Transfer() {
  const { t } = useTranslation('wallet');
  const [ismailId, setIsmailId] = useState('');
  const [creditsText, setCreditsText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [receipt, setReceipt] = useState<Receipt | null>(null);
  const lookUp = useMutation({ mutationFn: findRecipient });

  function next(event: FormEvent): void {
    event.preventDefault();
    const credits = Number(creditsText.replace(/\s/g, ''));
    if (!Number.isInteger(credits) || credits < 1 || credits > 100_000_000) {
      setProblem(t('wallet:transfer.amountInvalid'));
      return;
    }
    setProblem(null);
    lookUp.mutate(ismailId.trim().toUpperCase(), {
      onSuccess: (recipient) => setDraft({ ...recipient, amountCentiCredits: credits * 100 }),
      onError: (error) => setProblem(errorText(t, error)),
    });
  }

  return (
    <section aria-labelledby="transfer-title" className="screen">
      <h1 id="transfer-title">{t('wallet:transfer.title')}</h1>
      {receipt !== null ? (
        <ReceiptCard
          receipt={receipt}
          onAnother={() => {
            setReceipt(null);
            setDraft(null);
            setCreditsText('');
          }}
        />
      ) : draft !== null ? (
        <Confirm draft={draft} onBack={() => setDraft(null)} onSent={setReceipt} />
      ) : (
        <form className="card form" onSubmit={next} noValidate>
          <label htmlFor="transfer-id">{t('wallet:transfer.recipient')}</label>
          <input
            id="transfer-id"
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            value={ismailId}
            aria-describedby="transfer-id-hint"
            onChange={(e) => setIsmailId(e.target.value)}
          />
          <p id="transfer-id-hint" className="muted hint">
            {t('wallet:transfer.recipientHint')}
          </p>
          <label htmlFor="transfer-amount">{t('wallet:transfer.amount')}</label>
          <input
            id="transfer-amount"
            inputMode="numeric"
            autoComplete="off"
            value={creditsText}
            onChange={(e) => setCreditsText(e.target.value)}
          />
          {problem !== null && (
            <p className="error" role="alert" data-testid="transfer-problem">
              {problem}
            </p>
          )}
          <button type="submit" className="button" disabled={lookUp.isPending} aria-busy={lookUp.isPending}>
            {lookUp.isPending ? t('wallet:transfer.checking') : t('wallet:transfer.next')}
          </button>
        </form>
      )}
    </section>
  );
}
