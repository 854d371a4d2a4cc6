/**
 * /provider/requests (lazy): the requests clients sent me, newest first: client, category, commune, wished window
 * and status; each opens the request (its link reads the start of the client's description, so a provider tells
 * two requests of the same client apart).
 */
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../common/format.js';
import { OfflineMark } from '../OfflineMark.js';
import { categoriesQuery, inboxQuery } from './data.js';
import { problemText } from './problem.js';
import '../../styles/provider.css';

/** The first 80 characters of a description, cut on a character (not in the middle of an emoji's pair). */
export const excerpt = (text: string): string => {
  const chars = Array.from(text.trim());
  return chars.length <= 80 ? chars.join('') : `${chars.slice(0, 80).join('')}…`;
};

export function Inbox() {
  const { t, i18n } = useTranslation('provider');
  const language = i18n.language;
  const requests = useQuery(inboxQuery);
  const categories = useQuery(categoriesQuery);
  const categoryName = (code: string): string => {
    const c = categories.data?.find((x) => x.code === code);
    return c === undefined ? code : language === 'en' ? c.labelEn : c.labelFr;
  };
  const list = requests.data;
  return (
    <section aria-labelledby="inbox-title" className="screen provider">
      <h1 id="inbox-title">{t('provider:inbox.title')}</h1>
      <OfflineMark updatedAtMs={requests.dataUpdatedAt} failed={requests.isError} />
      {list === undefined ? (
        <p>{requests.isError ? problemText(t, requests.error, language) : t('app.loading')}</p>
      ) : list.length === 0 ? (
        <p>{t('provider:inbox.empty')}</p>
      ) : (
        <ul className="provider-list" data-testid="inbox">
          {list.map((r) => (
            <li key={r.id} className="card">
              <p className="provider-line">
                <strong>{r.clientName}</strong>
                <span className={`provider-status provider-status-${r.status}`}>
                  {t(`provider:requestStatus.${r.status}`)}
                </span>
              </p>
              <p>
                <Link to="/provider/requests/$requestId" params={{ requestId: r.id }}>
                  {excerpt(r.description)}
                </Link>
              </p>
              <p className="muted">
                {categoryName(r.category)} · {r.commune}
              </p>
              <p className="muted">
                {t('provider:inbox.window', {
                  from: formatDateTime(r.wishedFrom, language),
                  to: formatDateTime(r.wishedTo, language),
                })}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
