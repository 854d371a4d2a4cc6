/**
 * Sync health as staff need it: is the cloud there, how much is left to send (a bar while it
 * drains), when the last sync was, what the cloud refused and what to do about it, the
 * printers (by name, why one is stuck, the tickets set aside and a manager's actions), the
 * card list's age and a wrong clock.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HubRejectedOperations } from '@ismail/shared';
import { formatAge, formatDateTime } from '../../common/format.js';
import { useHub } from '../hub-context.js';
import { isOffline } from '../live.js';
import { PrinterAlerts } from '../PrinterAlerts.js';
import { usePlace } from '../terminal-place.js';
import { Terminals } from './Terminals.js';

type Rejected = HubRejectedOperations['rejected'][number];

export function Status() {
  const { t, i18n } = useTranslation();
  const hub = useHub();
  const place = usePlace();
  const sync = hub.live.sync;
  const [rejected, setRejected] = useState<Rejected[] | null>(null);
  // The deepest the outbox was since it last emptied: the bar shows how much of that is sent.
  const peak = useRef(0);
  const depth = sync?.outboxDepth ?? 0;
  if (depth === 0) peak.current = 0;
  else peak.current = Math.max(peak.current, depth);

  useEffect(() => {
    if (hub.session.staff.role !== 'manager' || (sync?.rejected ?? 0) === 0) return;
    void hub.client.rejectedOperations().then((result) => {
      if (result.ok) setRejected(result.value.rejected);
    });
  }, [hub, sync?.rejected]);

  if (sync === null) return <p>{t('common.wait')}</p>;
  const offline = isOffline(hub.live);
  const sent = peak.current === 0 ? 1 : (peak.current - depth) / peak.current;
  return (
    <section className="status-screen" aria-labelledby="status-title">
      <h2 id="status-title">{t('status.title')}</h2>
      <div className="panel">
        <p className={offline ? 'verdict refused' : 'verdict ok'}>
          {offline ? t('status.offline') : t('status.online')}
        </p>
        {sync.lastContactAt !== null && (
          <p>{t('status.lastContact', { at: formatDateTime(sync.lastContactAt, i18n.language) })}</p>
        )}
        <p>{t('status.outbox', { count: depth })}</p>
        {depth > 0 && (
          <progress max={1} value={sent} aria-label={t('status.draining')} data-testid="outbox-progress">
            {Math.round(sent * 100)} %
          </progress>
        )}
        {sync.oldestUnsyncedAgeS !== null && (
          <p>{t('status.oldest', { age: formatAge(sync.oldestUnsyncedAgeS, i18n.language) })}</p>
        )}
        <p>
          {sync.lastPushAt === null
            ? t('status.neverPushed')
            : t('status.lastPush', { at: formatDateTime(sync.lastPushAt, i18n.language) })}
        </p>
        {sync.clockSkewAlarm && (
          <p className="notice notice-error">
            {t('status.clockSkew', { seconds: Math.round((sync.clockSkewMs ?? 0) / 1000) })}
          </p>
        )}
        <p>
          {sync.cards.revocationListAgeS === null
            ? t('cards.noList')
            : t('cards.listAge', { age: formatAge(sync.cards.revocationListAgeS, i18n.language) })}
        </p>
        <p>
          {sync.policy.valid
            ? t('status.policyValid', { at: formatDateTime(sync.policy.expiresAt ?? '', i18n.language) })
            : t('status.policyMissing')}
        </p>
        <p>{t('status.catalog', { count: sync.catalog.products })}</p>
      </div>
      <div className="panel">
        <h3>{t('status.rejectedTitle', { count: sync.rejected })}</h3>
        {sync.rejected === 0 ? (
          <p>{t('status.noRejected')}</p>
        ) : (
          <>
            <p className="hint">{t('status.rejectedHelp')}</p>
            {rejected !== null && (
              <ul>
                {rejected.map((r) => {
                  // A cloud refusal carries its stable code: say it in the counter's words, keep the cloud's below.
                  const code = r.code;
                  const known = code !== null && i18n.exists(`errors.${code}`);
                  return (
                    <li key={r.seq}>
                      #{r.seq} · {r.type} · {known ? t(`errors.${code}`) : (r.reason ?? '')}
                      {known && <small className="hint"> ({r.reason})</small>}
                    </li>
                  );
                })}
              </ul>
            )}
          </>
        )}
      </div>
      <div className="panel">
        <h3>{t('status.printers')}</h3>
        <PrinterAlerts onlyProblems={false} />
      </div>
      {place.kind === 'hub' && hub.session.staff.role === 'manager' && <Terminals />}
    </section>
  );
}
