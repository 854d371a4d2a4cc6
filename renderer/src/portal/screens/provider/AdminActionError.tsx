/**
 * A refused admin action on a Services screen: a stale authenticator code offers to sign in again (the admin area's
 * ActionError); any other refusal says the route's own French reason ("L'autre partie a jusqu'au …").
 */
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.js';
import { ActionError } from '../admin/ActionError.js';
import { problemText } from './problem.js';

export function AdminActionError({ error }: { error: unknown }) {
  const { t, i18n } = useTranslation('provider');
  if (error instanceof ApiError && error.code === 'SECOND_FACTOR_REQUIRED') return <ActionError error={error} />;
  return (
    <p className="error" role="alert">
      {problemText(t, error, i18n.language)}
    </p>
  );
}
