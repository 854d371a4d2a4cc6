/**
 * /mes-dettes/$fileId (lazy): one file as its debtor sees it: who I owe and for what, the amount, what was paid and
 * what is left, then « Payer », « Promettre de payer » and « Contester » while it is open, where it stands (promise,
 * plan, dispute, letters) and the reminders and payments so far.
 */
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatFcfa } from '../../../common/format.js';
import { DisputeForm } from './DisputeForm.js';
import { History } from './History.js';
import { Lifecycle } from './Lifecycle.js';
import { PayFile } from './PayFile.js';
import { PromiseForm } from './PromiseForm.js';
import { Refusal } from './Refusal.js';
import { ReportProblemLink } from '../support/ReportProblemLink.js';
import { StatusChip } from './StatusChip.js';
import { debtFileQuery } from './data.js';
import { formatDay } from './format.js';
import { closedStatuses, type DebtFile } from './types.js';
import '../../styles/debt.css';

function Figures({ file }: { file: DebtFile }) {
  const { t, i18n } = useTranslation('debt');
  const money = (amount: number): string => formatFcfa(amount, i18n.language);
  const rows: [string, string, string][] = [
    ['creditor', t('debt:file.creditor'), file.creditorName],
    ['due', t('debt:file.dueOn'), formatDay(file.dueOn, i18n.language)],
    ['principal', t('debt:file.principal'), money(file.principalXof)],
    ...(file.feesXof > 0 ? [['fees', t('debt:file.fees'), money(file.feesXof)] as [string, string, string]] : []),
    ['paid', t('debt:file.paid'), money(file.paidXof)],
    ['left', t('debt:file.left'), money(file.leftXof)],
  ];
  return (
    <dl className="debt-facts card">
      {rows.map(([key, term, value]) => (
        <div key={key} data-testid={`debt-${key}`}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

type Form = 'promise' | 'dispute' | null;

export function DebtFilePage() {
  const { t } = useTranslation('debt');
  const { fileId } = useParams({ from: '/mes-dettes/$fileId' });
  const answer = useQuery(debtFileQuery(fileId));
  const [form, setForm] = useState<Form>(null);
  const file = answer.data?.file;
  const open = file !== undefined && !closedStatuses.includes(file.status) && file.status !== 'legal';
  return (
    <section aria-labelledby="debt-file-title" className="screen debt">
      <p>
        <Link to="/mes-dettes">{t('debt:title')}</Link>
      </p>
      {file === undefined ? (
        <>
          <h1 id="debt-file-title">{t('debt:file.title')}</h1>
          {answer.isError ? <Refusal error={answer.error} /> : <p>{t('app.loading')}</p>}
        </>
      ) : (
        <>
          <h1 id="debt-file-title">{file.label}</h1>
          <p data-testid="debt-file-status">
            <StatusChip status={file.status} />
          </p>
          <Figures file={file} />
          {file.status === 'disputed' ? <p className="card">{t('debt:file.disputedNote')}</p> : null}
          {/* Kept when the file closes: the last payment's receipt stays on screen. */}
          <PayFile file={file} canPay={open} />
          {open ? (
            <>
              {form === null ? (
                <div className="debt-actions">
                  {file.status === 'disputed' ? null : (
                    <button type="button" className="button secondary" onClick={() => setForm('promise')}>
                      {t('debt:promise.title')}
                    </button>
                  )}
                  {file.status === 'disputed' ? null : (
                    <button type="button" className="button secondary" onClick={() => setForm('dispute')}>
                      {t('debt:dispute.title')}
                    </button>
                  )}
                </div>
              ) : form === 'promise' ? (
                <PromiseForm file={file} onClose={() => setForm(null)} />
              ) : (
                <DisputeForm file={file} onClose={() => setForm(null)} />
              )}
            </>
          ) : null}
          <Lifecycle fileId={file.id} />
          <History fileId={file.id} />
          <ReportProblemLink type="debt_file" id={file.id} />
        </>
      )}
    </section>
  );
}
