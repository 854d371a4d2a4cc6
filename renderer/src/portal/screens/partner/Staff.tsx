/**
 * A partner's staff (lazy): each counter operator still working with their delegated permissions, changed in place,
 * removed after a confirmation, and a form to add one. The partner itself only: its staff are told it is the
 * partner's screen.
 */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { OfflineMark } from '../OfflineMark.js';
import { AddStaff } from './AddStaff.js';
import { StaffRow } from './StaffRow.js';
import { isPartnerOwner, partnerMeQuery, staffQuery } from './data.js';
import '../../styles/partner.css';

export function Staff() {
  const { t } = useTranslation('partner');
  const me = useQuery(partnerMeQuery);
  const owner = isPartnerOwner(me.data);
  const partnerId = me.data?.id ?? '';
  const staff = useQuery({ ...staffQuery(partnerId), enabled: owner });
  const list = staff.data?.staff;
  return (
    <section aria-labelledby="staff-title" className="screen partner">
      <h1 id="staff-title">{t('partner:staff.title')}</h1>
      {me.data !== undefined && !owner ? (
        <p>{t('partner:staff.ownerOnly')}</p>
      ) : (
        <>
          <OfflineMark updatedAtMs={staff.dataUpdatedAt} failed={staff.isError} />
          <p className="muted">{t('partner:staff.intro')}</p>
          <div className="partner-grid">
            <div>
              {list === undefined ? (
                <p>{staff.isError ? t('partner:staff.error') : t('app.loading')}</p>
              ) : list.length === 0 ? (
                <p>{t('partner:staff.empty')}</p>
              ) : (
                <ul className="partner-list" data-testid="staff-list">
                  {list.map((member) => (
                    <StaffRow key={member.id} partnerId={partnerId} member={member} />
                  ))}
                </ul>
              )}
            </div>
            {owner ? <AddStaff partnerId={partnerId} /> : null}
          </div>
        </>
      )}
    </section>
  );
}
