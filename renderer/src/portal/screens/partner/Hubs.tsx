/**
 * A partner's hubs (lazy): each hub's sync health and devices, and (for the partner itself) registering one with its
 * one-time pairing code. The cloud knows what hubs push, not what waits in their outbox: the screen says so.
 */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { OfflineMark } from '../OfflineMark.js';
import { HubCard } from './HubCard.js';
import { RegisterHub } from './RegisterHub.js';
import { devicesQuery, hubsQuery, isPartnerOwner, partnerMeQuery } from './data.js';
import '../../styles/partner.css';

export function Hubs() {
  const { t } = useTranslation('partner');
  const me = useQuery(partnerMeQuery);
  const hubs = useQuery(hubsQuery);
  const devices = useQuery(devicesQuery);
  const list = hubs.data?.hubs;
  const allDevices = devices.data?.devices ?? [];
  return (
    <section aria-labelledby="hubs-title" className="screen partner">
      <h1 id="hubs-title">{t('partner:hubs.title')}</h1>
      <OfflineMark updatedAtMs={hubs.dataUpdatedAt} failed={hubs.isError} />
      <p className="muted">{t('partner:hubs.intro')}</p>
      <div className="partner-grid">
        <div>
          {list === undefined ? (
            <p>{hubs.isError ? t('partner:hubs.error') : t('app.loading')}</p>
          ) : list.length === 0 ? (
            <p>{t('partner:hubs.empty')}</p>
          ) : (
            <ul className="partner-list" data-testid="hub-list">
              {list.map((hub) => (
                <HubCard key={hub.id} hub={hub} devices={allDevices.filter((d) => d.hubId === hub.id)} />
              ))}
            </ul>
          )}
        </div>
        {isPartnerOwner(me.data) ? <RegisterHub /> : null}
      </div>
    </section>
  );
}
