/**
 * Registering a hub (the partner itself): a name, then the one-time pairing code, shown once in large type grouped by
 * five for typing at the counter, and spelled out character by character for a screen reader.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.js';
import { formatDateTime } from '../../../common/format.js';
import { registerHub } from './data.js';

export function RegisterHub() {
  const { t, i18n } = useTranslation('partner');
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const register = useMutation({
    mutationFn: () => registerHub(name.trim()),
    onSuccess: async () => {
      setName('');
      await queryClient.invalidateQueries({ queryKey: ['partner', 'hubs'] });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim() !== '') register.mutate();
  };
  const code = register.data?.pairingCode;
  const conflict = register.error instanceof ApiError && register.error.status === 409;
  return (
    <section aria-labelledby="register-hub-title" className="card">
      <h2 id="register-hub-title">{t('partner:hubs.registerTitle')}</h2>
      <form className="form" onSubmit={submit}>
        <label htmlFor="hub-name">{t('partner:hubs.name')}</label>
        <input
          id="hub-name"
          value={name}
          maxLength={80}
          required
          autoComplete="off"
          onChange={(e) => setName(e.target.value)}
        />
        <button type="submit" className="button" disabled={register.isPending || name.trim() === ''}>
          {t('partner:hubs.register')}
        </button>
      </form>
      {register.isError ? (
        <p role="alert" className="error">
          {conflict ? t('partner:hubs.registerConflict') : t('partner:hubs.registerFailed')}
        </p>
      ) : null}
      {code === undefined || register.data === undefined ? null : (
        <div className="partner-code" role="status">
          <p>{t('partner:hubs.codeFor', { name: register.data.name })}</p>
          <p className="partner-code-value" aria-hidden="true" data-testid="pairing-code">
            {code.slice(0, 5)} {code.slice(5)}
          </p>
          <p className="visually-hidden">{t('partner:hubs.codeSpelled', { code: code.split('').join(' ') })}</p>
          <p className="muted small">
            {t('partner:hubs.codeOnce', { at: formatDateTime(register.data.expiresAt, i18n.language) })}
          </p>
        </div>
      )}
    </section>
  );
}
