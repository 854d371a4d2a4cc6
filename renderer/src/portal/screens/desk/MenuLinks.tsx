/** The desk area's entries in the menu: the ID desk for agency chiefs and admins, the team for agency chiefs. */
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { deskMeQuery, hasTeam, usesDesk } from './me.js';

export function DeskMenuLinks() {
  const { t } = useTranslation('desk');
  const me = useQuery(deskMeQuery);
  const profile = me.data?.profile;
  return (
    <>
      {usesDesk(profile) && (
        <li>
          <Link to="/desk">{t('desk:menu.desk')}</Link>
        </li>
      )}
      {hasTeam(profile) && (
        <li>
          <Link to="/desk/team">{t('desk:menu.team')}</Link>
        </li>
      )}
    </>
  );
}
