/**
 * The lease's rent schedule: each month's amount, what was paid, "En retard" past the grace days, and for the
 * tenant "Payer" from the wallet: the amount and the wallet's balance are shown first, then the payment goes under an
 * idempotency key kept per due on this device (a retry after a dropped answer pays once). Receipts follow.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatFcfa } from '../../../common/format.js';
import { ApiError } from '../../api/client.js';
import { idempotencyHeaders, settleIntent } from '../../api/intent.js';
import { balanceQuery } from '../../wallet.js';
import { Refusal } from './Refusal.js';
import { payDue } from './data.js';
import { formatDay, formatPeriod } from './format.js';
import type { Lease, RentDue } from './types.js';

function PayDue({ lease, due }: { lease: Lease; due: RentDue }) {
  const { t, i18n } = useTranslation('real-estate');
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const busy = useRef(false);
  const balance = useQuery({ ...balanceQuery, enabled: open });
  const intent = `real-estate-rent:${due.id}`;
  const left = due.amountXof - due.paidXof;
  const pay = useMutation({
    mutationFn: () => payDue(due.id, idempotencyHeaders(intent)),
    onSuccess: (answer) => {
      settleIntent(intent);
      queryClient.setQueryData(['real-estate', 'lease', lease.id], answer.lease);
      void queryClient.invalidateQueries({ queryKey: ['wallet'] });
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status < 500) settleIntent(intent);
    },
    onSettled: () => {
      busy.current = false;
    },
  });
  if (!open)
    return (
      <button
        type="button"
        className="button"
        onClick={() => setOpen(true)}
        aria-label={t('real-estate:dues.payNamed', { period: formatPeriod(due.period, i18n.language) })}
      >
        {t('real-estate:dues.pay')}
      </button>
    );
  const available = balance.data?.availableXof;
  return (
    <div
      className="re-pay"
      role="group"
      aria-label={t('real-estate:dues.payNamed', { period: formatPeriod(due.period, i18n.language) })}
    >
      <p>{t('real-estate:dues.amount', { amount: formatFcfa(left, i18n.language) })}</p>
      <p>
        {available === undefined
          ? t('app.loading')
          : t('real-estate:dues.balance', { amount: formatFcfa(available, i18n.language) })}
      </p>
      {available !== undefined && available < left ? (
        <p role="alert" className="error">
          {t('real-estate:dues.short')}
        </p>
      ) : null}
      <Refusal error={pay.error} />
      <div className="re-actions">
        <button
          type="button"
          className="button"
          disabled={pay.isPending || available === undefined || available < left}
          onClick={() => {
            if (busy.current) return;
            busy.current = true;
            pay.mutate();
          }}
        >
          {t('real-estate:dues.confirm')}
        </button>
        <button type="button" className="button secondary" onClick={() => setOpen(false)}>
          {t('real-estate:dues.cancel')}
        </button>
      </div>
    </div>
  );
}

export function Dues({ lease, tenant }: { lease: Lease; tenant: boolean }) {
  const { t, i18n } = useTranslation('real-estate');
  if (lease.dues.length === 0) return null;
  // Rent is paid in order: the oldest unpaid due is the one offered (a late one first), not twelve buttons at once.
  const next = lease.dues.find((d) => d.status === 'due');
  return (
    <section aria-labelledby="re-dues-title">
      <h2 id="re-dues-title">{t('real-estate:dues.title')}</h2>
      <ul className="re-list" data-testid="dues">
        {lease.dues.map((due) => (
          <li key={due.id} className="card re-due">
            <span className="re-due-title">
              {t('real-estate:dues.period', { period: formatPeriod(due.period, i18n.language) })}
            </span>
            <span>
              {t('real-estate:dues.dueOn', {
                day: formatDay(due.dueOn, i18n.language),
                amount: formatFcfa(due.amountXof, i18n.language),
              })}
            </span>
            {due.paidXof > 0 ? (
              <span className="muted">
                {t('real-estate:dues.paid', { amount: formatFcfa(due.paidXof, i18n.language) })}
              </span>
            ) : null}
            {due.status === 'paid' ? (
              <span className="re-status re-status-paid">{t('real-estate:dues.settled')}</span>
            ) : due.late ? (
              <span className="re-late">{t('real-estate:dues.late')}</span>
            ) : (
              <span className="re-status">{t('real-estate:dues.open')}</span>
            )}
            {tenant && due.id === next?.id && lease.status === 'active' ? <PayDue lease={lease} due={due} /> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
