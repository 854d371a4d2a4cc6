/**
 * One hub's sync health as the cloud sees it: state, last push and clock skew, last sequence applied, rejected
 * operations among the latest, offline ceilings, and its devices. "Late" is a push older than a day: a counter that
 * sells pushes within minutes of being online.
 */
import { useTranslation } from 'react-i18next';
import { formatCredits, formatDateTime, formatFcfa } from '../../../common/format.js';
import { LastSeen } from '../devices/LastSeen.js';
import { TrackLink } from './TrackLink.js';

/** A hub not heard from for this long is shown as late. */
const lateAfterMs = 24 * 3_600_000;
/** A clock this far from the cloud's is worth saying (offline sales are dated by it). */
const skewWorthSayingMs = 60_000;

export interface HubView {
  readonly id: string;
  readonly name: string;
  readonly status: 'pending' | 'active' | 'revoked';
  readonly register: string;
  readonly lastPushAt: string | null;
  readonly lastAppliedSeq: number;
  readonly clockSkewMs: number | null;
  readonly recentRejected: number;
  readonly pairingExpiresAt: string | null;
  readonly offlinePerTransactionCentiCredits: number;
  readonly offlinePerWalletPerDayCentiCredits: number;
  readonly offlinePerHubPerDayCentiCredits: number;
  readonly cashTopUpPerDayXof: number;
}

export interface DeviceView {
  readonly deviceId: string;
  readonly name: string;
  readonly type: string;
  readonly state: string;
  readonly lastSeenAt: string | null;
}

export function health(hub: HubView, nowMs: number): 'ok' | 'late' | 'never' | 'pending' | 'revoked' {
  if (hub.status !== 'active') return hub.status;
  if (hub.lastPushAt === null) return 'never';
  return nowMs - Date.parse(hub.lastPushAt) > lateAfterMs ? 'late' : 'ok';
}

export function HubCard({ hub, devices }: { readonly hub: HubView; readonly devices: readonly DeviceView[] }) {
  const { t, i18n } = useTranslation('partner');
  const language = i18n.language;
  const credits = (centi: number) => t('partner:credits', { amount: formatCredits(centi, language) });
  const state = health(hub, Date.now());
  const skew = hub.clockSkewMs !== null && Math.abs(hub.clockSkewMs) >= skewWorthSayingMs ? hub.clockSkewMs : null;
  return (
    <li className="card partner-row" data-testid="hub" aria-labelledby={`hub-${hub.id}`}>
      <div className="partner-head">
        <h2 className="row-title" id={`hub-${hub.id}`}>
          {hub.name}
        </h2>
        <span className={`partner-pill partner-health-${state}`} data-testid="hub-health">
          {t(`partner:hubs.health.${state}`)}
        </span>
      </div>
      <dl className="partner-figures">
        <div>
          <dt>{t('partner:hubs.lastPush')}</dt>
          <dd>
            {hub.lastPushAt === null ? (
              t('partner:hubs.never')
            ) : (
              <time dateTime={hub.lastPushAt}>{formatDateTime(hub.lastPushAt, language)}</time>
            )}
          </dd>
        </div>
        <div>
          <dt>{t('partner:hubs.applied')}</dt>
          <dd>{hub.lastAppliedSeq.toLocaleString(language)}</dd>
        </div>
        <div>
          <dt>{t('partner:hubs.rejected')}</dt>
          <dd className={hub.recentRejected > 0 ? 'error' : undefined}>{hub.recentRejected}</dd>
        </div>
        <div>
          <dt>{t('partner:hubs.registerLabel')}</dt>
          <dd className="mono">{hub.register}</dd>
        </div>
      </dl>
      {skew === null ? null : (
        <p className="error">{t('partner:hubs.skew', { minutes: Math.round(Math.abs(skew) / 60_000) })}</p>
      )}
      {hub.pairingExpiresAt === null ? null : (
        <p className="muted">
          {t('partner:hubs.waitingPairing', { at: formatDateTime(hub.pairingExpiresAt, language) })}
        </p>
      )}
      <details className="partner-details">
        <summary>{t('partner:hubs.limits')}</summary>
        <ul className="partner-lines">
          <li>
            <span>{t('partner:hubs.perTransaction')}</span>
            <span className="amount">{credits(hub.offlinePerTransactionCentiCredits)}</span>
          </li>
          <li>
            <span>{t('partner:hubs.perWalletDay')}</span>
            <span className="amount">{credits(hub.offlinePerWalletPerDayCentiCredits)}</span>
          </li>
          <li>
            <span>{t('partner:hubs.perHubDay')}</span>
            <span className="amount">{credits(hub.offlinePerHubPerDayCentiCredits)}</span>
          </li>
          <li>
            <span>{t('partner:hubs.cashDay')}</span>
            <span className="amount">{formatFcfa(hub.cashTopUpPerDayXof, language)}</span>
          </li>
        </ul>
      </details>
      <h3 className="partner-subtitle">{t('partner:hubs.devices', { count: devices.length })}</h3>
      {devices.length === 0 ? (
        <p className="muted">{t('partner:hubs.noDevices')}</p>
      ) : (
        <ul className="partner-lines" data-testid="hub-devices">
          {devices.map((d) => (
            <li key={d.deviceId}>
              <span>
                {d.name}{' '}
                <span className="muted small">{t(`partner:deviceTypes.${d.type}`, { defaultValue: d.type })}</span>
              </span>
              <span className="muted small">
                {t(`partner:deviceStates.${d.state}`, { defaultValue: d.state })}
                {d.lastSeenAt === null ? null : (
                  <>
                    {' '}
                    · <LastSeen at={d.lastSeenAt} />
                  </>
                )}
              </span>
              {d.type === 'gps_tracker' ? <TrackLink device={d} /> : null}
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}
