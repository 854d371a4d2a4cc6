/**
 * My linked sign-in identities ("Continuer avec …"): which provider, when linked and last used,
 * and unlink (asked twice: a tap, then a confirmation). The account's password keeps working, so
 * unlinking never locks anyone out.
 */
import { Link } from '@tanstack/react-router';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../common/format.js';
import { api } from '../../api/client.js';
import '../../styles/social.css';

interface Identity {
  readonly id: string;
  readonly providerLabel: string;
  readonly email: string | null;
  readonly linkedAt: string;
  readonly lastUsedAt: string | null;
}

export function LinkedAccounts() {
  const { t, i18n } = useTranslation('social');
  const [identities, setIdentities] = useState<readonly Identity[] | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [notice, setNotice] = useState<'unlinked' | 'failed' | null>(null);

  const load = useCallback(async () => {
    const { data } = await api.GET('/v1/social/identities');
    if (data !== undefined) setIdentities(data.identities);
    else setNotice('failed');
  }, []);

  useEffect(() => {
    load().catch(() => setNotice('failed'));
  }, [load]);

  async function unlink(id: string): Promise<void> {
    setConfirming(null);
    try {
      const { response } = await api.DELETE('/v1/social/identities/{identityId}', {
        params: { path: { identityId: id } },
      });
      setNotice(response.ok ? 'unlinked' : 'failed');
      await load();
    } catch {
      setNotice('failed');
    }
  }

  return (
    <section aria-labelledby="linked-accounts-title" className="screen social">
      <h1 id="linked-accounts-title">{t('social:accounts.title')}</h1>
      <p>{t('social:accounts.intro')}</p>
      <p role="status" className={notice === 'failed' ? 'error' : 'social-notice'}>
        {notice === null ? '' : t(`social:accounts.${notice}`)}
      </p>
      {identities === null && notice === null && <p className="muted">{t('app.loading')}</p>}
      {identities?.length === 0 && <p className="card">{t('social:accounts.empty')}</p>}
      {identities !== null && identities.length > 0 && (
        <ul className="social-identities">
          {identities.map((identity) => (
            <li key={identity.id} className="card social-identity">
              <h2>{identity.providerLabel}</h2>
              {identity.email !== null && <p className="social-email">{identity.email}</p>}
              <p className="muted">
                {t('social:accounts.linkedOn', { date: formatDateTime(identity.linkedAt, i18n.language) })}
              </p>
              <p className="muted">
                {identity.lastUsedAt === null
                  ? t('social:accounts.neverUsed')
                  : t('social:accounts.lastUsed', { date: formatDateTime(identity.lastUsedAt, i18n.language) })}
              </p>
              {confirming === identity.id ? (
                <div className="social-confirm">
                  <p>{t('social:accounts.confirm', { provider: identity.providerLabel })}</p>
                  <button type="button" className="button danger" onClick={() => void unlink(identity.id)}>
                    {t('social:accounts.confirmUnlink')}
                  </button>
                  <button type="button" className="button secondary" onClick={() => setConfirming(null)}>
                    {t('social:accounts.cancel')}
                  </button>
                </div>
              ) : (
                <button type="button" className="button secondary" onClick={() => setConfirming(identity.id)}>
                  {t('social:accounts.unlink', { provider: identity.providerLabel })}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <Link to="/social/sign-in" className="social-back">
        {t('social:accounts.linkAnother')}
      </Link>
    </section>
  );
}
