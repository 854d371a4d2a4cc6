/**
 * One manual invoice (lazy). A draft (or a held one, with the cloud's problems) is changed and saved, then issued
 * with how it was paid: the cloud computes the total, numbers and freezes it. An issued invoice is read-only: its
 * lines and taxes, the tax authority's certification and QR, the PDF, sending by e-mail and credit notes.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { OfflineMark } from '../OfflineMark.js';
import {
  billingInvoiceQuery,
  issuePaid,
  paymentMethods,
  updateInvoice,
  type DraftDocument,
  type PaymentMethod,
} from './data.js';
import { DraftForm } from './DraftForm.js';
import { IssuedInvoice } from './IssuedInvoice.js';
import '../../styles/business.css';
import '../../styles/invoices.css';
import '../../styles/billing.css';

export function BillingInvoice() {
  const { t } = useTranslation('billing');
  const { invoiceId } = useParams({ from: '/billing/$invoiceId' });
  const invoice = useQuery(billingInvoiceQuery(invoiceId));
  const i = invoice.data;
  return (
    <section aria-labelledby="billing-invoice-title" className="screen business billing">
      <h1 id="billing-invoice-title">
        {i?.number === null || i?.number === undefined
          ? t('billing:draft.title')
          : t(i.kind === 'credit_note' ? 'billing:issued.creditNoteTitle' : 'billing:issued.title', {
              number: i.number,
            })}
      </h1>
      <OfflineMark updatedAtMs={invoice.dataUpdatedAt} failed={invoice.isError} />
      {i === undefined ? (
        <p>{invoice.isError ? t('billing:issued.error') : t('app.loading')}</p>
      ) : i.status === 'issued' ? (
        <IssuedInvoice invoice={i} />
      ) : (
        <EditDraft invoiceId={invoiceId} document={i.document} problems={i.problems ?? []} held={i.status === 'held'} />
      )}
      <Link to="/billing" search={{}}>
        {t('billing:back')}
      </Link>
    </section>
  );
}

function EditDraft(props: {
  invoiceId: string;
  document: DraftDocument;
  problems: readonly { path: string; problem: string }[];
  held: boolean;
}) {
  const { t } = useTranslation('billing');
  const { invoiceId } = props;
  const queryClient = useQueryClient();
  const [method, setMethod] = useState<PaymentMethod>('mobile_money');
  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: billingInvoiceQuery(invoiceId).queryKey });
    await queryClient.invalidateQueries({ queryKey: ['billing', 'invoices'] });
  };
  const save = useMutation({
    mutationFn: (document: DraftDocument) => updateInvoice(invoiceId, document),
    onSuccess: refresh,
  });
  const issue = useMutation({
    mutationFn: () => issuePaid(invoiceId, method),
    onSuccess: (data) => {
      queryClient.setQueryData(billingInvoiceQuery(invoiceId).queryKey, data);
      return refresh();
    },
  });
  return (
    <div className="business-grid">
      <div>
        <p className={`pill pill-${props.held ? 'held' : 'draft'}`} data-testid="billing-draft-status">
          {t(props.held ? 'billing:status.held' : 'billing:status.draft')}
        </p>
        {props.problems.length > 0 ? (
          <div className="card" role="alert">
            <h2>{t('billing:draft.problems')}</h2>
            <ul>
              {props.problems.map((p) => (
                <li key={p.path}>
                  <code>{p.path}</code> {p.problem}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        <DraftForm
          initial={props.document}
          busy={save.isPending}
          submitLabel={t('billing:draft.saveChanges')}
          onSubmit={(document) => save.mutate(document)}
        />
        {save.isSuccess ? <p role="status">{t('billing:draft.saved')}</p> : null}
        {save.isError ? (
          <p role="alert" className="error">
            {t('billing:draft.failed')}
          </p>
        ) : null}
      </div>
      <div className="card form">
        <h2>{t('billing:draft.issueTitle')}</h2>
        <p className="muted">{t('billing:draft.issueHelp')}</p>
        <label htmlFor="billing-payment">{t('billing:draft.paymentMethod')}</label>
        <select id="billing-payment" value={method} onChange={(e) => setMethod(e.target.value as PaymentMethod)}>
          {paymentMethods.map((m) => (
            <option key={m} value={m}>
              {t(`billing:payment.${m}`)}
            </option>
          ))}
        </select>
        <button type="button" className="button" disabled={issue.isPending} onClick={() => issue.mutate()}>
          {t('billing:draft.issue')}
        </button>
        {issue.isError ? (
          <p role="alert" className="error">
            {t('billing:draft.issueFailed')}
          </p>
        ) : null}
      </div>
    </div>
  );
}
