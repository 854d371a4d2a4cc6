/** The admins' home: one link per admin screen, tariffs, rates and keys only for levels 1 and 2 (lazy-loaded route). */
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
          <li>
            <Link to="/admin/users" className="card">
              <strong>{t('admin:users.title')}</strong>
              <span className="muted">{t('admin:home.users')}</span>
            </Link>
          </li>
          <li>
            <Link to="/admin/hubs" className="card">
              <strong>{t('admin:hubs.title')}</strong>
              <span className="muted">{t('admin:home.hubs')}</span>
            </Link>
          </li>
          <li>
            <Link to="/admin/notifications" className="card">
              <strong>{t('admin:deliveries.title')}</strong>
              <span className="muted">{t('admin:home.deliveries')}</span>
            </Link>
          </li>
          <li>
            <Link to="/admin/ledger" className="card">
              <strong>{t('admin:ledger.title')}</strong>
              <span className="muted">{t('admin:home.ledger')}</span>
            </Link>
          </li>
          {isStrategist(me.profile) && (
            <li>
              <Link to="/admin/rates" className="card">
                <strong>{t('admin:rates.title')}</strong>
                <span className="muted">{t('admin:home.rates')}</span>
              </Link>
            </li>
          )}
        </ul>
      )}
    </AdminGate>
  );
}
