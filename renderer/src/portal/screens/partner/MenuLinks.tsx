/**
 * The partner area's entries in the menu: staff for the partner itself; hubs and webhooks for the partner and its
 * staff (who act under the partner profile; the cloud refuses what was not delegated anyway).
 */
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { isPartnerOwner, partnerMeQuery } from './data.js';

export function PartnerMenuLinks() {
  const { t } = useTranslation('partner');
  const me = useQuery(partnerMeQuery);
  if (me.data?.profile !== 'partner') return null;
  return (
    <>
      {isPartnerOwner(me.data) ? (
        <li>
          <Link to="/partner/staff">{t('partner:menu.staff')}</Link>
        </li>
      ) : null}
      <li>
        <Link to="/partner/hubs">{t('partner:menu.hubs')}</Link>
      </li>
      <li>
        <Link to="/partner/webhooks">{t('partner:menu.webhooks')}</Link>
      </li>
    </>
  );
}
