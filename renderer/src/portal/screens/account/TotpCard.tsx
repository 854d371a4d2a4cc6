/**
 * Adding an authenticator app: the cloud makes the secret and its QR (drawn here), the person
 * scans it (or types the key) and proves it with a first code. Once on, sign-in asks for a code.
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, apiError, type ApiError } from '../../api/client.js';
import { QrModules } from './QrModules.js';

export function TotpCard() {
  const { t } = useTranslation('account');
  const [done, setDone] = useState(false);
  // Whether an authenticator is already on (GET /v1/me says it; its answer is not typed by the API).
  const me = useQuery({
    queryKey: ['me-second-factor'],
    staleTime: 0,
    queryFn: async () => {
      const { data } = await api.GET('/v1/me');
      return (data as { secondFactorEnrolled?: unknown } | undefined)?.secondFactorEnrolled === true;
    },
  });
  const enrol = useMutation({
    mutationFn: async () => {
      const { data, error, response } = await api.POST('/v1/auth/totp/enroll');
      if (data === undefined) throw apiError(error, response.status);
      return data;
    },
  });
  const confirm = useMutation({
    mutationFn: async (code: string) => {
      const { data, error, response } = await api.POST('/v1/auth/totp/confirm', { body: { code } });
      if (data === undefined) throw apiError(error, response.status);
      return data;
    },
    onSuccess: () => setDone(true),
  });

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    const value = new FormData(event.currentTarget).get('code');
    const code = (typeof value === 'string' ? value : '').replace(/\s/g, '');
    confirm.mutate(code);
  }

  const enrolCode = (enrol.error as ApiError | null)?.code;
  return (
    <div className="card" aria-labelledby="totp-title" role="group">
      <h2 id="totp-title">{t('account:totp.title')}</h2>
      {done ? (
        <p role="status" className="success" data-testid="totp-enrolled">
          {t('account:totp.enrolled')}
        </p>
      ) : me.data === undefined && !me.isError ? (
        <p>{t('app.loading')}</p>
      ) : me.data === true ? (
        <p className="success" data-testid="totp-on">
          {t('account:totp.on')}
        </p>
      ) : enrol.data === undefined ? (
        <>
          <p>{t('account:totp.explain')}</p>
          <button type="button" className="button" onClick={() => enrol.mutate()} disabled={enrol.isPending}>
            {t('account:totp.start')}
          </button>
          {enrol.isError && (
            <p className="error" role="alert">
              {enrolCode === 'CONFLICT' ? t('account:totp.already') : t('account:totp.failed')}
            </p>
          )}
        </>
      ) : (
        <form className="form" onSubmit={submit}>
          <p>{t('account:totp.scan')}</p>
          <QrModules size={enrol.data.qr.size} modules={enrol.data.qr.modules} label={t('account:totp.qr')} />
          <p>
            {t('account:totp.key')} <code data-testid="totp-secret">{enrol.data.secret}</code>
          </p>
          <label htmlFor="totp-code">{t('account:totp.code')}</label>
          <input
            id="totp-code"
            name="code"
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9 ]{6,7}"
            required
          />
          <button type="submit" className="button" disabled={confirm.isPending}>
            {t('account:totp.confirm')}
          </button>
          {confirm.isError && (
            <p className="error" role="alert">
              {t('account:totp.wrongCode')}
            </p>
          )}
        </form>
      )}
    </div>
  );
}
