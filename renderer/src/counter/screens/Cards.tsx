/**
 * The card desk (agency chiefs, staff checking a client): scan or paste a card, see the face,
 * name, role and status, or a clear refusal with its reason; the age of the revocation list
 * the hub checked against (and a warning when it is old); a log of this session's checks.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { displayText } from '@ismail/shared';
import { hubImage } from '../api.js';
import { formatAge, formatDateTime } from '../format.js';
import { errorKey, useHub } from '../hub-context.js';

interface Check {
  ok: boolean;
  reason?: string;
  ismailId?: string;
  cardId?: string;
  name?: string;
  profile?: string;
  status?: string;
  expiresAt?: string;
  photo?: boolean;
  revocationListAgeS: number | null;
  stale: boolean;
}

export function Cards() {
  const { t, i18n } = useTranslation();
  const hub = useHub();
  const [scan, setScan] = useState('');
  const [check, setCheck] = useState<Check | null>(null);
  const [photoUrl, setPhotoUrl] = useState<string | null>(null);
  const [log, setLog] = useState<{ at: string; ok: boolean; label: string }[]>([]);

  useEffect(() => {
    if (check?.ok !== true || check.photo !== true || check.cardId === undefined) {
      setPhotoUrl(null);
      return undefined;
    }
    let url: string | null = null;
    void hubImage(`/api/v1/cards/${check.cardId}/photo`, hub.session.token).then((u) => {
      url = u;
      setPhotoUrl(u);
    });
    return () => {
      if (url !== null) URL.revokeObjectURL(url);
    };
  }, [check, hub.session.token]);

  const verify = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const token = scan.trim();
    setScan('');
    if (token === '') return;
    const result = await hub.call<Check>('POST', '/api/v1/cards/verify', { token });
    if (!result.ok) {
      hub.notify({ tone: 'error', key: errorKey(result.error.code) });
      return;
    }
    // A holder's name as every output shows it (control characters: shared/text/display-text).
    const checked =
      result.value.name === undefined ? result.value : { ...result.value, name: displayText(result.value.name) };
    setCheck(checked);
    const label = checked.ok
      ? `${checked.name ?? ''} (${checked.ismailId ?? ''})`
      : t(`cardRefusal.${result.value.reason ?? 'MALFORMED'}`);
    setLog((entries) => [{ at: new Date().toISOString(), ok: result.value.ok, label }, ...entries].slice(0, 50));
  };

  return (
    <section className="cards" aria-labelledby="cards-title">
      <h2 id="cards-title">{t('cards.title')}</h2>
      <form onSubmit={(event) => void verify(event)}>
        <label>
          {t('cards.scan')}
          <input
            autoFocus
            autoComplete="off"
            value={scan}
            onChange={(e) => setScan(e.target.value)}
            placeholder={t('cards.scanPlaceholder')}
          />
        </label>
      </form>
      {check !== null && (
        <div
          className={`panel card-result ${check.ok ? 'card-valid' : 'card-refused'}`}
          role="status"
          data-testid="card-result"
        >
          {check.ok ? (
            <>
              {photoUrl === null ? (
                <div className="photo-missing">{t('cards.noPhoto')}</div>
              ) : (
                <img
                  className="photo"
                  src={photoUrl}
                  alt={t('cards.photoOf', { name: check.name })}
                  data-testid="card-photo"
                />
              )}
              <div>
                <p className="verdict ok">{t('cards.valid')}</p>
                <p className="name">{check.name}</p>
                <p>
                  {t('cards.role')} :{' '}
                  <strong data-testid="card-role">{t(`profiles.${check.profile ?? 'client'}`)}</strong>
                </p>
                <p>
                  {t('cards.ismailId')} : {check.ismailId}
                </p>
                <p>
                  {t('cards.status')} : {t(`cardStatus.${check.status ?? 'active'}`)}
                </p>
                {check.expiresAt !== undefined && (
                  <p>{t('cards.expires', { date: formatDateTime(check.expiresAt, i18n.language) })}</p>
                )}
              </div>
            </>
          ) : (
            <div>
              <p className="verdict refused">{t('cards.refused')}</p>
              <p className="reason" data-testid="card-reason">
                {t(`cardRefusal.${check.reason ?? 'MALFORMED'}`)}
              </p>
            </div>
          )}
          <p className={check.stale ? 'notice notice-error' : 'hint'}>
            {check.revocationListAgeS === null
              ? t('cards.noList')
              : t(check.stale ? 'cards.listStale' : 'cards.listAge', {
                  age: formatAge(check.revocationListAgeS, i18n.language),
                })}
          </p>
        </div>
      )}
      {log.length > 0 && (
        <div className="panel">
          <h3>{t('cards.log')}</h3>
          <ul className="log">
            {log.map((entry) => (
              <li key={entry.at + entry.label} className={entry.ok ? 'ok' : 'refused'}>
                {formatDateTime(entry.at, i18n.language)} — {entry.ok ? t('cards.valid') : t('cards.refused')} —{' '}
                {entry.label}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
