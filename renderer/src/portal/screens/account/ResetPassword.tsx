/**
 * The page a reset e-mail's link opens: `/reset-password#token=…`. The token is in the URL's fragment, which the
 * browser never sends to a server (so it is in no server's log); the page keeps it for this tab only and takes it
 * out of the address bar. The person types the new password twice; once it is set, they are signed in with it, or,
 * when their account asks for an authenticator code, sent to sign-in with the news.
 */
import { Link, useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { saveSession } from '../../session.js';
import { useSubmission } from '../submission.js';
import '../../styles/account.css';

/** The cloud's own bound (the sign-up and password change use it too). */
const minLength = 10;
const maxLength = 200;
/** This tab only: a reload keeps the link working, closing the tab forgets it. */
const tokenKey = 'ismail.portal.resetToken';

/** The token from the address's fragment (then removed from it), or the one this tab kept. */
function takeToken(): string | null {
  const found = /(?:^#|&)token=([A-Za-z0-9_-]{20,100})/.exec(globalThis.location?.hash ?? '');
  if (found?.[1] !== undefined) {
    sessionStorage.setItem(tokenKey, found[1]);
    history.replaceState(history.state, '', globalThis.location.pathname);
  }
  return globalThis.sessionStorage?.getItem(tokenKey) ?? null;
}

const field = (form: FormData, name: string): string => {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
};

export function ResetPassword() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [token] = useState(takeToken);
  const [done, setDone] = useState(false);
  const submission = useSubmission();

  const reset = async (password: string): Promise<string | null> => {
    if (token === null) return 'dead';
    const { data, response } = await api.POST('/v1/auth/password-reset/confirm', { body: { token, password } });
    // A dead link is forgotten too: a reload shows it dead rather than asking again.
    if (response.status === 400 || data !== undefined) sessionStorage.removeItem(tokenKey);
    if (data === undefined)
      return response.status === 400 ? 'dead' : response.status === 429 ? 'RATE_LIMITED' : 'other';
    const signedIn = await api.POST('/v1/auth/sign-in', { body: { email: data.email, password } });
    if (signedIn.data !== undefined) {
      saveSession(signedIn.data);
      await navigate({ to: '/' });
      return null;
    }
    // An authenticator code is asked for (or sign-in failed): the password is set all the same.
    setDone(true);
    return null;
  };

  function submit(event: FormEvent<HTMLFormElement>): void {
    const form = new FormData(event.currentTarget);
    const password = field(form, 'new');
    const again = field(form, 'again');
    void submission.submit(event, async () => {
      if (password.length < minLength || password.length > maxLength) return 'length';
      if (password !== again) return 'mismatch';
      return reset(password);
    });
  }

  if (done)
    return (
      <section aria-labelledby="reset-title" className="screen">
        <h1 id="reset-title">{t('passwordReset.resetTitle')}</h1>
        <p className="success" role="status" data-testid="password-reset-done">
          {t('passwordReset.done')}
        </p>
        <Link to="/sign-in" className="button">
          {t('signIn.submit')}
        </Link>
      </section>
    );

  const dead = token === null || submission.failure === 'dead';
  return (
    <section aria-labelledby="reset-title" className="screen">
      <h1 id="reset-title">{t('passwordReset.resetTitle')}</h1>
      {dead ? (
        <p className="error" role="alert" data-testid="reset-link-dead">
          {t('passwordReset.errors.dead')}
        </p>
      ) : (
        <form className="card form" onSubmit={submit}>
          <p>{t('passwordReset.resetIntro', { number: minLength })}</p>
          <label htmlFor="reset-new">{t('passwordReset.new')}</label>
          <input
            id="reset-new"
            name="new"
            type="password"
            autoComplete="new-password"
            required
            minLength={minLength}
            maxLength={maxLength}
          />
          <label htmlFor="reset-again">{t('passwordReset.again')}</label>
          <input
            id="reset-again"
            name="again"
            type="password"
            autoComplete="new-password"
            required
            minLength={minLength}
            maxLength={maxLength}
          />
          {submission.failure !== null && (
            <p className="error" role="alert">
              {t(`passwordReset.errors.${submission.failure}`, { number: minLength })}
            </p>
          )}
          <button type="submit" className="button" disabled={submission.busy}>
            {submission.busy ? t('passwordReset.saving') : t('passwordReset.save')}
          </button>
        </form>
      )}
      <Link to={dead ? '/forgot-password' : '/sign-in'} className="button secondary">
        {dead ? t('passwordReset.askAgain') : t('passwordReset.backToSignIn')}
      </Link>
    </section>
  );
}
