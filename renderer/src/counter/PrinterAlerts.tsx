/**
 * The counter's printers as staff need them (issue 19): each by its name, its state and why
 * ("Caisse 1 : Injoignable — PRINTER_UNREACHABLE…"), and every ticket set aside by a person's
 * name ("Ticket de la facture F-…") with what happened and what to do in their words; the
 * hub's technical reason stays in a small line for support. A printer that answers but has
 * tickets set aside is headed "Tickets en échec", never "Prête". A manager gets Retry /
 * Cancel / Reprint for each; a cashier is told to call one. On the Vente screen only
 * printers with a problem show; on the État screen all of them.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FailedPrintJob } from '@ismail/shared';
import { errorKey, useHub } from './hub-context.js';
import type { PrinterState } from './live.js';
import { documentWords, failureWords } from './print-words.js';

const actions = ['retry', 'cancel', 'reprint'] as const;
type Action = (typeof actions)[number];

const stopped = (p: PrinterState): boolean =>
  p.state === 'offline' || p.state === 'paper_out' || p.state === 'cover_open';
const troubled = (p: PrinterState): boolean => p.failedJobs.length > 0 || stopped(p);

export function PrinterAlerts({ onlyProblems }: { readonly onlyProblems: boolean }) {
  const { t } = useTranslation();
  const hub = useHub();
  const [busy, setBusy] = useState<string | null>(null);
  const printers = onlyProblems ? hub.live.printers.filter(troubled) : hub.live.printers;
  if (printers.length === 0) return onlyProblems ? null : <p>{t('status.noPrinters')}</p>;
  const manager = hub.session.staff.role === 'manager';

  const documentName = (job: FailedPrintJob): string => {
    const words = documentWords(job.documentKey);
    return t(words.key, words.values);
  };
  const failureText = (job: FailedPrintJob): string => {
    const words = failureWords(job.failure);
    return t(words.key, words.values);
  };
  const act = async (job: FailedPrintJob, action: Action): Promise<void> => {
    setBusy(job.id);
    const result =
      action === 'retry'
        ? await hub.client.retryFailedPrintJob(job.id)
        : action === 'cancel'
          ? await hub.client.cancelFailedPrintJob(job.id)
          : await hub.client.reprintFailedPrintJob(job.id);
    setBusy(null);
    hub.notify(
      result.ok
        ? { tone: 'ok', key: `printers.done.${action}`, values: { document: documentName(job) } }
        : { tone: 'error', key: errorKey(result.error.code) },
    );
  };
  // A printer that answers but set tickets aside is headed by those tickets; its state follows unless it is simply
  // ready.
  const heading = (p: PrinterState): string => {
    if (p.failedJobs.length === 0 || stopped(p)) return t(`printerState.${p.state}`);
    const failed = t('printers.failedHeading', { count: p.failedJobs.length });
    return p.state === 'ready' ? failed : `${failed} · ${t(`printerState.${p.state}`)}`;
  };

  return (
    <ul className="printer-alerts" aria-label={t('status.printers')}>
      {printers.map((p) => (
        <li
          key={p.printerId}
          data-testid="printer-state"
          className={troubled(p) ? 'notice notice-error' : undefined}
          role={onlyProblems ? 'alert' : undefined}
        >
          <p>
            <strong>{t('printers.named', { name: p.name })}</strong> {heading(p)}
            {p.detail !== null && troubled(p) ? ` — ${p.detail}` : ''}
            {p.waitingJobs > 0 ? ` · ${t('status.waitingJobs', { count: p.waitingJobs })}` : ''}
          </p>
          {p.failedJobs.length > 0 && (
            <ul>
              {p.failedJobs.map((job) => (
                <li key={job.id} data-testid="failed-print-job">
                  <p>
                    <strong>{documentName(job)}</strong>
                  </p>
                  <p>{failureText(job)}</p>
                  <p className="hint technical">
                    {t('printers.technical', { key: job.documentKey, reason: job.reason })}
                  </p>
                  {manager ? (
                    <div className="actions">
                      {actions.map((action) => (
                        <button
                          key={action}
                          type="button"
                          disabled={busy === job.id}
                          onClick={() => void act(job, action)}
                          aria-label={t(`printers.${action}Label`, { document: documentName(job) })}
                        >
                          {t(`printers.${action}`)}
                        </button>
                      ))}
                    </div>
                  ) : (
                    <p className="hint">{t('printers.callManager')}</p>
                  )}
                </li>
              ))}
            </ul>
          )}
        </li>
      ))}
    </ul>
  );
}
