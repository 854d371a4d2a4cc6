/**
 * Every admin screen sits behind this gate: an admin profile whose session passed the second factor (the cloud
 * refuses the admin routes otherwise). Without it the admin is told why and offered to sign in again with the
 * authenticator code; anyone else is told the screen is for admins.
 */
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { adminMeQuery, isAdmin, type AdminMe } from './data.js';
import { adminErrorText } from './errors.js';
import { useSignInAgain } from './sign-in-again.js';
import '../../styles/admin.css';

interface Props {
  /** Already in the admin's words (the caller's t('admin:…') call is what the translations test checks). */
  readonly title: string;
  readonly children: (me: AdminMe) => ReactNode;
}

export function AdminGate({ title, children }: Props) {
  const { t } = useTranslation('admin');
  const signInAgain = useSignInAgain();
  const me = useQuery(adminMeQuery);

  let body: ReactNode;
  if (me.data === undefined) body = <p>{me.isError ? adminErrorText(t, me.error) : t('app.loading')}</p>;
  else if (!isAdmin(me.data.profile))
    body = (
      <p className="card admin-refusal" role="alert" data-testid="admin-refused">
        {t('admin:gate.notAdmin')}
      </p>
    );
  else if (!me.data.sessionHasSecondFactor)
    body = (
      <div className="card admin-refusal" role="alert" data-testid="admin-needs-totp">
        <p>{t('admin:gate.needsTotp')}</p>
        <button type="button" className="button" onClick={() => void signInAgain()}>
          {t('admin:gate.signInAgain')}
        </button>
      </div>
    );
  else body = children(me.data);

  return (
    <section aria-labelledby="admin-title" className="screen admin">
      <h1 id="admin-title">{title}</h1>
      {body}
    </section>
  );
}
