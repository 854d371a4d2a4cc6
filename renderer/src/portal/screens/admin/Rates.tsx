/**
 * Rates (lazy-loaded route, levels 1 and 2): the credit's value per country, the platform's commission per module and
 * the sales reps' commissions, each with the row in force (since when, set by whom) and its history; the default sales
 * commissions changed after a simulation (RatesChange).
 */
import { useQuery } from '@tanstack/react-query';
import { Fragment, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatFcfa } from '../../../common/format.js';
import { AdminGate } from './AdminGate.js';
import { ActionError } from './ActionError.js';
import { ratesQuery } from './ops-data.js';
import { RatesChange } from './RatesChange.js';

interface Dated {
  readonly effectiveFrom: string;
  readonly setBy: string;
  readonly inForce: boolean;
}

/** One kind of rate: the rows in force, then the past ones folded away. */
function RateTable<T extends Dated>(props: {
  id: string;
  title: string;
  rows: readonly T[];
  subject: (row: T) => string;
  value: (row: T) => string;
  children?: ReactNode;
}) {
  const { t, i18n } = useTranslation('admin');
  const line = (row: T) => (
    <Fragment key={`${props.subject(row)} ${row.effectiveFrom}`}>
      <dt>{props.subject(row)}</dt>
      <dd>
        {props.value(row)}{' '}
        <span className="muted">
          {t('admin:rates.since', {
            date: formatDateTime(row.effectiveFrom, i18n.language),
            by: row.setBy === 'default' ? t('admin:rates.byDefault') : row.setBy,
          })}
        </span>
      </dd>
    </Fragment>
  );
  const past = props.rows.filter((r) => !r.inForce);
  return (
    <section className="card admin-rates" aria-labelledby={props.id} data-testid={props.id}>
      <h2 id={props.id}>{props.title}</h2>
      <dl className="admin-facts">{props.rows.filter((r) => r.inForce).map((r) => line(r))}</dl>
      {past.length > 0 && (
        <details>
          <summary>{t('admin:rates.history', { count: past.length })}</summary>
          <dl className="admin-facts">{past.map((r) => line(r))}</dl>
        </details>
      )}
      {props.children}
    </section>
  );
}

function RateBoard() {
  const { t, i18n } = useTranslation('admin');
  const rates = useQuery(ratesQuery);
  if (rates.isError) return <ActionError error={rates.error} />;
  if (rates.data === undefined) return <p>{t('app.loading')}</p>;
  const percent = (bp: number) =>
    new Intl.NumberFormat(i18n.language, { style: 'percent', maximumFractionDigits: 2 }).format(bp / 10_000);
  const { creditRates, moduleCommissionRates, salesCommissionRates } = rates.data;
  return (
    <>
      <p>{t('admin:rates.intro')}</p>
      <div className="admin-grid">
        <RateTable
          id="rates-credit"
          title={t('admin:rates.credit')}
          rows={creditRates}
          subject={(r) => r.country}
          value={(r) => t('admin:rates.creditRow', { amount: formatFcfa(r.xofPerCredit, i18n.language) })}
        />
        <RateTable
          id="rates-modules"
          title={t('admin:rates.modules')}
          rows={moduleCommissionRates}
          subject={(r) => t(`admin:rates.moduleNames.${r.module}`, { defaultValue: r.module })}
          value={(r) =>
            t('admin:rates.moduleRow', {
              rate: percent(r.rateBp),
              perListing: formatFcfa(r.perListingXof, i18n.language),
            })
          }
        />
        <RateTable
          id="rates-sales"
          title={t('admin:rates.sales')}
          rows={salesCommissionRates}
          subject={(r) => (r.scope === '*' ? t('admin:rates.scopeAll') : r.scope)}
          value={(r) =>
            t('admin:rates.salesRow', {
              junior: percent(r.juniorBp),
              senior: percent(r.seniorBp),
              lead: percent(r.teamLeadBp),
            })
          }
        >
          <RatesChange current={salesCommissionRates.find((r) => r.scope === '*' && r.inForce)} />
        </RateTable>
      </div>
    </>
  );
}

export function Rates() {
  const { t } = useTranslation('admin');
  return <AdminGate title={t('admin:rates.title')}>{() => <RateBoard />}</AdminGate>;
}
