/** Changing the password: the current one, the new one twice; on success the other sessions have ended. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, apiError, type ApiError } from '../../api/client.js';
import { sessionsKey } from './SessionsCard.js';

const minLength = 10;

const field = (form: FormData, name: string): string => {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
};

export function PasswordCard() {
  const { t } = useTranslation('account');
  const queryClient = useQueryClient();
  const [problem, setProblem] = useState<string | null>(null);
  const change = useMutation({
    mutationFn: async (body: { currentPassword: string; newPassword: string }) => {
      const { data, error, response } = await api.POST('/v1/auth/password', { body });
      if (data === undefined) throw apiError(error, response.status);
      return data;
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: sessionsKey }),
  });

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const currentPassword = field(form, 'current');
    const newPassword = field(form, 'new');
    setProblem(null);
    if (newPassword.length < minLength) return setProblem(t('account:password.tooShort', { number: minLength }));
    if (newPassword !== field(form, 'again')) return setProblem(t('account:password.mismatch'));
    const target = event.currentTarget;
    change.mutate({ currentPassword, newPassword }, { onSuccess: () => target.reset() });
  }

  const code = (change.error as ApiError | null)?.code;
  return (
    <form className="card form" onSubmit={submit} aria-labelledby="password-title">
      <h2 id="password-title">{t('account:password.title')}</h2>
      <label htmlFor="password-current">{t('account:password.current')}</label>
      <input id="password-current" name="current" type="password" autoComplete="current-password" required />
      <label htmlFor="password-new">{t('account:password.new')}</label>
      <input id="password-new" name="new" type="password" autoComplete="new-password" required />
      <label htmlFor="password-again">{t('account:password.again')}</label>
      <input id="password-again" name="again" type="password" autoComplete="new-password" required />
      <button type="submit" className="button" disabled={change.isPending}>
        {t('account:password.submit')}
      </button>
      {problem !== null && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      {change.isError && (
        <p className="error" role="alert">
          {code === 'INVALID_CREDENTIALS'
            ? t('account:password.wrongCurrent')
            : code === 'RATE_LIMITED'
              ? t('account:password.tooMany')
              : t('account:password.failed')}
        </p>
      )}
      {change.isSuccess && (
        <p role="status" className="success" data-testid="password-changed">
          {t('account:password.changed', { number: change.data.endedSessions })}
        </p>
      )}
    </form>
  );
}
