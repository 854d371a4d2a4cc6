/**
 * /admin/services/disputes (lazy): the services disputes, open ones first: the appointment (title, client,
 * provider, amount), who opened it and why, the evidence photos, the other side's answer or its deadline; an open
 * one is decided here (DisputeDecision), a decided one shows the outcome and its note.
 */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatFcfa } from '../../../common/format.js';
import { adminDisputesQuery } from '../provider/admin-data.js';
import { DisputeDecision } from '../provider/DisputeDecision.js';
import { Photo } from '../provider/Photo.js';
import type { AdminDispute } from '../provider/types.js';
import { AdminGate } from './AdminGate.js';
import { adminErrorText } from './errors.js';
import '../../styles/provider.css';

function DisputeCard({ dispute }: { dispute: AdminDispute }) {
  const { t, i18n } = useTranslation('provider');
  const language = i18n.language;
  return (
    <li className="card admin-entry" data-testid={`dispute-${dispute.id}`}>
      <h3>{dispute.title}</h3>
      <p>
        {t('provider:admin.disputes.parties', { client: dispute.clientName, provider: dispute.providerName })} ·{' '}
        <strong className="price">{formatFcfa(dispute.amountXof, language)}</strong>
      </p>
      <p>
        <strong>{t(`provider:admin.disputes.reasonBy.${dispute.openerRole}`)}</strong> {dispute.reason}
      </p>
      {dispute.evidencePhotoIds.length === 0 ? null : (
        <ul className="provider-photos">
          {dispute.evidencePhotoIds.map((photoId, i) => (
            <li key={photoId}>
              <Photo photoId={photoId} alt={t('provider:admin.disputes.evidence', { n: i + 1 })} />
            </li>
          ))}
        </ul>
      )}
      <p>
        {dispute.answer === null
          ? t('provider:admin.disputes.noAnswer', { at: formatDateTime(dispute.answerDueAt, language) })
          : t('provider:admin.disputes.answer', { answer: dispute.answer })}
      </p>
      {dispute.status === 'open' ? (
        // The cloud decides only once the other side answered or its time to answer ran out.
        dispute.answer !== null || Date.now() >= Date.parse(dispute.answerDueAt) ? (
          <DisputeDecision dispute={dispute} />
        ) : (
          <p className="muted">
            {t('provider:admin.disputes.notYet', { at: formatDateTime(dispute.answerDueAt, language) })}
          </p>
        )
      ) : (
        <p data-testid="dispute-outcome">
          <strong>
            {dispute.outcome === 'refund'
              ? t('provider:admin.disputes.refunded', { percent: (dispute.refundBp ?? 0) / 100 })
              : t('provider:admin.disputes.released')}
          </strong>
          {dispute.decidedAt === null ? '' : ` · ${formatDateTime(dispute.decidedAt, language)}`}
          {dispute.decisionNote === null ? '' : ` · ${dispute.decisionNote}`}
        </p>
      )}
    </li>
  );
}

function DisputeList({ status }: { status: 'open' | 'decided' }) {
  const { t } = useTranslation('provider');
  const { t: ta } = useTranslation('admin');
  const disputes = useQuery(adminDisputesQuery(status));
  const id = `disputes-${status}`;
  return (
    <section className="card admin-column" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t(`provider:admin.disputes.${status}`)}</h2>
      {disputes.data === undefined ? (
        <p>{disputes.isError ? adminErrorText(ta, disputes.error) : t('app.loading')}</p>
      ) : disputes.data.length === 0 ? (
        <p>{t('provider:admin.disputes.empty')}</p>
      ) : (
        <ul className="admin-list" data-testid={id}>
          {disputes.data.map((d) => (
            <DisputeCard key={d.id} dispute={d} />
          ))}
        </ul>
      )}
    </section>
  );
}

export function ServiceDisputes() {
  const { t } = useTranslation('provider');
  return (
    <AdminGate title={t('provider:admin.disputes.title')}>
      {() => (
        <div className="admin-columns">
          <DisputeList status="open" />
          <DisputeList status="decided" />
        </div>
      )}
    </AdminGate>
  );
}
