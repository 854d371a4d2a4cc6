/**
 * A refused or failed admin action, in the admin's words. When the cloud asks for a fresh authenticator code
 * (SECOND_FACTOR_REQUIRED: the code is older than 15 minutes), the admin is offered to sign in again with it.
 */
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.js';
import { adminErrorText } from './errors.js';
import { useSignInAgain } from './sign-in-again.js';

export function ActionError({ error }: { error: unknown }) {
  const { t } = useTranslation('admin');
  const signInAgain = useSignInAgain();
  const stepUp = error instanceof ApiError && error.code === 'SECOND_FACTOR_REQUIRED';
  return (
    <div className="error" role="alert">
      <p>{adminErrorText(t, error)}</p>
      {stepUp && (
        <button type="button" className="button" onClick={() => void signInAgain()}>
          {t('admin:gate.signInAgain')}
        </button>
      )}
    </div>
  );
}
