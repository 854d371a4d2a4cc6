/**
 * The two integrity checks: the audit hash chain ("vérifier la chaîne") and the ledger invariants, each run on the
 * admin's demand and shown with when it ran (the ledger check can take a while on a large book: the button says so).
 */
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../common/format.js';
import { checkLedger, verifyChain } from './data.js';
import { adminErrorText } from './errors.js';

export function Checks() {
  const { t, i18n } = useTranslation('admin');
  const [chainAt, setChainAt] = useState<string | null>(null);
  const [ledgerAt, setLedgerAt] = useState<string | null>(null);
  const chain = useMutation({ mutationFn: verifyChain, onSuccess: () => setChainAt(new Date().toISOString()) });
  const ledger = useMutation({ mutationFn: checkLedger, onSuccess: () => setLedgerAt(new Date().toISOString()) });
  return (
    <div className="admin-columns">
      <section className="card admin-column" aria-labelledby="chain-title">
        <h2 id="chain-title">{t('admin:audit.chainTitle')}</h2>
        <button type="button" className="button secondary" onClick={() => chain.mutate()} disabled={chain.isPending}>
          {chain.isPending ? t('admin:audit.checking') : t('admin:audit.verifyChain')}
        </button>
        {chain.data !== undefined && chainAt !== null && (
          <p role="status" data-testid="chain-result" className={chain.data.ok ? 'admin-done' : 'error'}>
            {chain.data.ok
              ? t('admin:audit.chainOk', { count: chain.data.entries, at: formatDateTime(chainAt, i18n.language) })
              : t('admin:audit.chainBroken', { seq: chain.data.brokenAtSeq, problem: chain.data.problem })}
          </p>
        )}
        {chain.isError && (
          <p className="error" role="alert">
            {adminErrorText(t, chain.error)}
          </p>
        )}
      </section>
      <section className="card admin-column" aria-labelledby="ledger-title">
        <h2 id="ledger-title">{t('admin:ledger.title')}</h2>
        <p className="muted hint">{t('admin:ledger.intro')}</p>
        <button type="button" className="button secondary" onClick={() => ledger.mutate()} disabled={ledger.isPending}>
          {ledger.isPending ? t('admin:audit.checking') : t('admin:ledger.run')}
        </button>
        {ledger.data !== undefined && ledgerAt !== null && (
          <div role="status" data-testid="ledger-result" className={ledger.data.ok ? 'admin-done' : 'error'}>
            <p>
              {ledger.data.ok
                ? t('admin:ledger.ok', {
                    operations: ledger.data.totals.operations,
                    at: formatDateTime(ledgerAt, i18n.language),
                  })
                : t('admin:ledger.problems', { count: ledger.data.problems.length })}
            </p>
            {ledger.data.problems.length > 0 && (
              <ul>
                {ledger.data.problems.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            )}
          </div>
        )}
        {ledger.isError && (
          <p className="error" role="alert">
            {adminErrorText(t, ledger.error)}
          </p>
        )}
      </section>
    </div>
  );
}
