/** Ends this session and opens the sign-in screen, where an admin gives the authenticator code again (step-up). */
import { useNavigate } from '@tanstack/react-router';
import { api } from '../../api/client.js';
import { forgetServerData } from '../../query.js';
import { clearSession } from '../../session.js';

export function useSignInAgain(): () => Promise<void> {
  const navigate = useNavigate();
  return async () => {
    await api.POST('/v1/auth/sign-out').catch(() => undefined);
    clearSession();
    await forgetServerData();
    await navigate({ to: '/sign-in' });
  };
}
