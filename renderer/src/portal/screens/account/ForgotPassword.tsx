/**
 * "Mot de passe oublié ?": the person gives their e-mail address and is told a link is on its way. The cloud answers
 * the same whether the address has an account or not, so this screen says the same too (it never says "unknown").
 */
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { useSubmission } from '../submission.js';
import '../../styles/account.css';

export function ForgotPassword() {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [sentTo, setSentTo] = useState<string | null>(null);
  const submission = useSubmission();

  const send = async (): Promise<string | null> => {
    const { response } = await api.POST('/v1/auth/password-reset', { body: { email: email.trim() } });
    if (response.status !== 202) return 'other';
    setSentTo(email.trim());
    return null;
  };

  return (
    <section aria-labelledby="forgot-title" className="screen">
      <h1 id="forgot-title">{t('passwordReset.forgotTitle')}</h1>
      <p>{t('passwordReset.forgotIntro')}</p>
      <form className="card form" onSubmit={(event) => void submission.submit(event, send)}>
        <label htmlFor="forgot-email">{t('signIn.email')}</label>
        <input
          id="forgot-email"
          type="email"
          autoComplete="username"
          inputMode="email"
          required
          maxLength={254}
          value={email}
          onChange={(event) => setEmail(event.target.value)}
        />
        {submission.failure !== null && (
          <p className="error" role="alert">
            {t(`signIn.errors.${submission.failure}`)}
          </p>
        )}
        <button type="submit" className="button" disabled={submission.busy}>
          {submission.busy ? t('passwordReset.sending') : t('passwordReset.send')}
        </button>
        {sentTo !== null && (
          <p className="success" role="status" data-testid="reset-link-sent">
            {t('passwordReset.sent', { email: sentTo })}
          </p>
        )}
      </form>
      <Link to="/sign-in" className="button secondary">
        {t('passwordReset.backToSignIn')}
      </Link>
    </section>
  );
}
