/**
 * Users (lazy-loaded route): find an account by ISMAIL ID, e-mail, phone or name, then suspend, reinstate or, for a
 * partner, move it to another sales rep; beside it, the agency chiefs' transfer requests to decide.
 */
import { useQuery } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { AdminGate } from './AdminGate.js';
import { ActionError } from './ActionError.js';
import { usersQuery } from './ops-data.js';
import { SearchForm } from './SearchForm.js';
import { TransferRequests } from './TransferRequests.js';
import { UserCard } from './UserCard.js';

function Found({ q }: { q: string }) {
  const { t } = useTranslation('admin');
  const users = useQuery(usersQuery(q));
  if (users.isError) return <ActionError error={users.error} />;
  if (users.data === undefined) return <p>{t('app.loading')}</p>;
  if (users.data.users.length === 0) return <p className="card">{t('admin:users.none')}</p>;
  return (
    <ul className="admin-list" data-testid="users-found">
      {users.data.users.map((u) => (
        <UserCard key={u.id} user={u} />
      ))}
    </ul>
  );
}

function Search() {
  const { t } = useTranslation('admin');
  const { q } = useSearch({ from: '/admin/users' });
  const navigate = useNavigate();
  return (
    <>
      <SearchForm
        id="user-search"
        label={t('admin:users.search')}
        hint={t('admin:users.searchHint')}
        button={t('admin:users.find')}
        initial={q ?? ''}
        onSearch={(typed) => {
          if (typed.length >= 2) void navigate({ to: '/admin/users', search: { q: typed } });
        }}
      />
      {q !== undefined && <Found q={q} />}
    </>
  );
}

export function Users() {
  const { t } = useTranslation('admin');
  return (
    <AdminGate title={t('admin:users.title')}>
      {() => (
        <div className="admin-columns">
          <div className="admin-column">
            <Search />
          </div>
          <TransferRequests />
        </div>
      )}
    </AdminGate>
  );
}
