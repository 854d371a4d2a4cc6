/**
 * /recouvrement/dossiers/$fileId (lazy): one file as its creditor sees it: the debtor and the facts, the balance
 * (principal, fees, paid, left), what can be done on it, and its whole history.
 */
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { formatFcfa } from '../../../common/format.js';
import { OfflineMark } from '../OfflineMark.js';
import { fileQuery, lifecycleQuery } from './data.js';
import { FileActions } from './FileActions.js';
import { History } from './History.js';
import { problemText } from './problem.js';
import { StatusBadge } from './StatusBadge.js';
import { longDay } from './when.js';
import '../../styles/debt-creditor.css';

export function DebtFilePage() {
  const { t, i18n } = useTranslation('debt-creditor');
  const { fileId } = useParams({ from: '/recouvrement/dossiers/$fileId' });
  const answer = useQuery(fileQuery(fileId));
  const lifecycle = useQuery(lifecycleQuery(fileId));
  const lang = i18n.language;
  const file = answer.data?.file;
  const money = (xof: number) => formatFcfa(xof, lang);
  return (
    <section aria-labelledby="dc-file-title" className="screen dc">
      <p>
        <Link to="/recouvrement/dossiers">{t('debt-creditor:file.back')}</Link>
      </p>
      <h1 id="dc-file-title">{file === undefined ? t('debt-creditor:file.title') : file.debtorName}</h1>
      <OfflineMark updatedAtMs={answer.dataUpdatedAt} failed={answer.isError} />
      {file === undefined || answer.data === undefined ? (
        <p>{answer.isError ? problemText(t, answer.error, lang) : t('app.loading')}</p>
      ) : (
        <div className="dc-columns">
          <div>
            <p className="dc-label">{file.label}</p>
            <StatusBadge file={file} />
            <dl className="dc-balance card" data-testid="balance">
              <div>
                <dt>{t('debt-creditor:file.principal')}</dt>
                <dd>{money(file.principalXof)}</dd>
              </div>
              <div>
                <dt>{t('debt-creditor:file.fees')}</dt>
                <dd>{money(file.feesXof)}</dd>
              </div>
              <div>
                <dt>{t('debt-creditor:file.paid')}</dt>
                <dd>{money(file.paidXof)}</dd>
              </div>
              <div className="dc-left-row">
                <dt>{t('debt-creditor:file.left')}</dt>
                <dd data-testid="left">{money(file.leftXof)}</dd>
              </div>
            </dl>
            <dl className="dc-facts">
              <div>
                <dt>{t('debt-creditor:file.due')}</dt>
                <dd>{longDay(file.dueOn, lang)}</dd>
              </div>
              <div>
                <dt>{t('debt-creditor:file.source')}</dt>
                <dd>{t(`debt-creditor:source.${file.source}`, { defaultValue: file.source })}</dd>
              </div>
              {file.debtorPhone ? (
                <div>
                  <dt>{t('debt-creditor:file.phone')}</dt>
                  <dd>{file.debtorPhone}</dd>
                </div>
              ) : null}
              {file.debtorEmail ? (
                <div>
                  <dt>{t('debt-creditor:file.email')}</dt>
                  <dd>{file.debtorEmail}</dd>
                </div>
              ) : null}
              <div>
                <dt>{t('debt-creditor:file.prescription')}</dt>
                <dd>{longDay(file.prescriptionOn, lang)}</dd>
              </div>
            </dl>
            <FileActions file={file} openDispute={lifecycle.data?.disputes.find((d) => d.status === 'open')} />
          </div>
          <History fileId={file.id} events={answer.data.events} lifecycle={lifecycle.data} />
        </div>
      )}
    </section>
  );
}
