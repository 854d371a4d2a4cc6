/**
 * /mes-dettes (lazy): what I owe, from every creditor: each open file with its creditor, label, what is left, due date
 * and status in plain French, the closed ones below; then my reminder channels and the contact policy.
 */
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { formatFcfa } from '../../../common/format.js';
import { ContactPreferences } from './ContactPreferences.js';
import { Refusal } from './Refusal.js';
import { StatusChip } from './StatusChip.js';
import { myDebtsQuery } from './data.js';
import { formatDay } from './format.js';
import { closedStatuses, type DebtFile } from './types.js';
import '../../styles/debt.css';

function FileItem({ file }: { file: DebtFile }) {
  const { t, i18n } = useTranslation('debt');
  const closed = closedStatuses.includes(file.status);
  return (
    <li className="card debt-file" data-testid="debt-file">
      <span className="debt-creditor">{file.creditorName}</span>
      <Link to="/mes-dettes/$fileId" params={{ fileId: file.id }} className="debt-label">
        {file.label}
      </Link>
      {closed ? null : (
        <span className="debt-left">{t('debt:left', { amount: formatFcfa(file.leftXof, i18n.language) })}</span>
      )}
      <span className="muted">
        {t('debt:dueOn', { day: formatDay(file.dueOn, i18n.language) })} ·{' '}
        {t('debt:total', { amount: formatFcfa(file.principalXof + file.feesXof, i18n.language) })}
      </span>
      <StatusChip status={file.status} />
    </li>
  );
}

export function MyDebts() {
  const { t, i18n } = useTranslation('debt');
  const files = useQuery(myDebtsQuery);
  const all = files.data?.files ?? [];
  const open = all.filter((f) => !closedStatuses.includes(f.status));
  const closed = all.filter((f) => closedStatuses.includes(f.status));
  const leftXof = open.reduce((sum, f) => sum + f.leftXof, 0);
  return (
    <section aria-labelledby="debt-title" className="screen debt">
      <h1 id="debt-title">{t('debt:title')}</h1>
      {files.data === undefined ? (
        files.isError ? (
          <Refusal error={files.error} />
        ) : (
          <p>{t('app.loading')}</p>
        )
      ) : (
        <>
          {open.length === 0 ? (
            <p className="card">{t('debt:none')}</p>
          ) : (
            <>
              <p className="debt-sum" data-testid="debt-sum">
                {t('debt:sum', { amount: formatFcfa(leftXof, i18n.language) })}
              </p>
              <ul className="debt-list" data-testid="debt-open" aria-label={t('debt:openTitle')}>
                {open.map((file) => (
                  <FileItem key={file.id} file={file} />
                ))}
              </ul>
            </>
          )}
          {closed.length === 0 ? null : (
            <section aria-labelledby="debt-closed-title">
              <h2 id="debt-closed-title">{t('debt:closedTitle')}</h2>
              <ul className="debt-list" data-testid="debt-closed">
                {closed.map((file) => (
                  <FileItem key={file.id} file={file} />
                ))}
              </ul>
            </section>
          )}
        </>
      )}
      <ContactPreferences />
    </section>
  );
}
