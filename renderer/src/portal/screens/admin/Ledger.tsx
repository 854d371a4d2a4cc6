/**
 * The ledger check (lazy-loaded route): the last result (when, asked by whom, balanced or the problems found) and a
 * button that asks for a run. The run is a background job on the cloud: the screen shows it waiting or running and
 * reads the result when it is stored, without holding a request open.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../common/format.js';
import { AdminGate } from './AdminGate.js';
import { ActionError } from './ActionError.js';
import { ledgerStatusQuery, requestLedgerCheck, type LedgerRun } from './ops-data.js';

function LastResult({ run }: { run: LedgerRun }) {
  const { t, i18n } = useTranslation('admin');
  const at = formatDateTime(run.finishedAt ?? run.requestedAt, i18n.language);
  const by = run.requestedBy.name;
  if (run.state === 'failed')
    return (
      <div className="error" data-testid="ledger-last">
        <p>{t('admin:ledgerRuns.failed', { at, by })}</p>
        {run.failure !== null && <p>{run.failure}</p>}
      </div>
    );
  if (run.ok === true)
    return (
      <p className="admin-done" data-testid="ledger-last">
        {t('admin:ledgerRuns.ok', {
          at,
          by,
          operations: run.totals?.operations ?? 0,
          accounts: run.totals?.accounts ?? 0,
        })}
      </p>
    );
  return (
    <div className="error" data-testid="ledger-last">
      <p>{t('admin:ledgerRuns.problems', { at, by, count: run.problems.length })}</p>
      <ul>
        {run.problems.map((p) => (
          <li key={p}>{p}</li>
        ))}
      </ul>
    </div>
  );
}

function Runs() {
  const { t, i18n } = useTranslation('admin');
  const queryClient = useQueryClient();
  const status = useQuery(ledgerStatusQuery);
  const ask = useMutation({
    mutationFn: requestLedgerCheck,
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['admin', 'ledger-checks'] }),
  });
  if (status.isError) return <ActionError error={status.error} />;
  if (status.data === undefined) return <p>{t('app.loading')}</p>;
  const { pending, last } = status.data;
  return (
    <div className="admin-columns">
      <section className="card admin-column" aria-labelledby="ledger-run-title">
        <h2 id="ledger-run-title">{t('admin:ledgerRuns.runTitle')}</h2>
        <p className="muted hint">{t('admin:ledgerRuns.intro')}</p>
        <button
          type="button"
          className="button"
          onClick={() => ask.mutate()}
          disabled={ask.isPending || pending !== null}
        >
          {t('admin:ledger.run')}
        </button>
        <div role="status" data-testid="ledger-pending">
          {pending !== null &&
            t(`admin:ledgerRuns.${pending.state === 'running' ? 'running' : 'queued'}`, {
              at: formatDateTime(pending.startedAt ?? pending.requestedAt, i18n.language),
              by: pending.requestedBy.name,
            })}
        </div>
        {ask.isError && <ActionError error={ask.error} />}
      </section>
      <section className="card admin-column" aria-labelledby="ledger-last-title">
        <h2 id="ledger-last-title">{t('admin:ledgerRuns.lastTitle')}</h2>
        {last === null ? <p>{t('admin:ledgerRuns.never')}</p> : <LastResult run={last} />}
      </section>
    </div>
  );
}

export function Ledger() {
  const { t } = useTranslation('admin');
  return <AdminGate title={t('admin:ledger.title')}>{() => <Runs />}</AdminGate>;
}
