/** The admins' home: one link per admin screen, tariffs and keys only for levels 1 and 2 (lazy-loaded route). */
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { AdminGate } from './AdminGate.js';
import { isStrategist } from './data.js';

export function AdminHome() {
  const { t } = useTranslation('admin');
  return (
    <AdminGate title={t('admin:home.title')}>
      {(me) => (
        <ul className="admin-links">
          <li>
            <Link to="/admin/kyc" className="card">
              <strong>{t('admin:kyc.title')}</strong>
              <span className="muted">{t('admin:home.kyc')}</span>
            </Link>
          </li>
          <li>
            <Link to="/admin/cards" className="card">
              <strong>{t('admin:cards.title')}</strong>
              <span className="muted">{t('admin:home.cards')}</span>
            </Link>
          </li>
          {isStrategist(me.profile) && (
            <li>
              <Link to="/admin/tariffs" className="card">
                <strong>{t('admin:tariffs.title')}</strong>
                <span className="muted">{t('admin:home.tariffs')}</span>
              </Link>
            </li>
          )}
          <li>
            <Link to="/admin/audit" className="card">
              <strong>{t('admin:audit.title')}</strong>
              <span className="muted">{t('admin:home.audit')}</span>
            </Link>
          </li>
        </ul>
      )}
    </AdminGate>
  );
}
