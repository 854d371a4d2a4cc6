/**
 * Where the provider sends the person back. The provider's answer goes to the cloud once (the code
 * works once), and is then removed from the address bar. The cloud answers: signed in (home), an
 * authenticator code is needed, or this identity is linked to no account: then the person links
 * their EXISTING account by proving it (password, code) or creates one (KYC still required).
 * Nothing is linked or created without that choice.
 */
import { Link, useNavigate } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { saveSession } from '../../session.js';
import { failureOf, takeBrowserKey } from './flow.js';
import { LinkForm } from './LinkForm.js';
import { SecondFactorForm } from './SecondFactorForm.js';
import { SocialSignUpForm } from './SocialSignUpForm.js';
import '../../styles/social.css';

export interface Unlinked {
  readonly ticket: string;
  readonly providerLabel: string;
  readonly email: string | null;
  readonly givenName: string | null;
  readonly familyName: string | null;
}

type Step =
  | { readonly kind: 'working' }
  | { readonly kind: 'failed'; readonly failure: string }
  | { readonly kind: 'second-factor'; readonly ticket: string; readonly providerLabel: string }
  | { readonly kind: 'unlinked'; readonly unlinked: Unlinked; readonly choice: 'link' | 'sign-up' | null };

export function SocialCallback() {
  const { t } = useTranslation('social');
  const navigate = useNavigate();
  const [step, setStep] = useState<Step>({ kind: 'working' });
  const sent = useRef(false);

  useEffect(() => {
    // Once only, even when React runs effects twice: the provider's code cannot be redeemed again.
    if (sent.current) return;
    sent.current = true;
    const query = window.location.search;
    window.history.replaceState(null, '', window.location.pathname);
    const browserKey = takeBrowserKey();
    if (query.length < 2 || browserKey === null) {
      setStep({ kind: 'failed', failure: 'STATE_UNKNOWN' });
      return;
    }
    api.POST('/v1/social/callback', { body: { query, browserKey } }).then(
      async ({ data, error }) => {
        if (data === undefined) return setStep({ kind: 'failed', failure: failureOf(error) });
        if (data.status === 'signed-in' && data.tokens !== undefined) {
          saveSession(data.tokens);
          return navigate({ to: '/' });
        }
        if (data.status === 'second-factor' && data.ticket !== undefined)
          return setStep({ kind: 'second-factor', ticket: data.ticket, providerLabel: data.providerLabel });
        if (data.ticket === undefined) return setStep({ kind: 'failed', failure: 'other' });
        const unlinked: Unlinked = {
          ticket: data.ticket,
          providerLabel: data.providerLabel,
          email: data.identity?.email ?? null,
          givenName: data.identity?.givenName ?? null,
          familyName: data.identity?.familyName ?? null,
        };
        return setStep({ kind: 'unlinked', unlinked, choice: null });
      },
      () => setStep({ kind: 'failed', failure: navigator.onLine ? 'other' : 'offline' }),
    );
  }, [navigate]);

  return (
    <section aria-labelledby="social-callback-title" className="screen social">
      <h1 id="social-callback-title">{t('social:callback.title')}</h1>
      {step.kind === 'working' && (
        <p role="status" className="muted">
          {t('social:callback.working')}
        </p>
      )}
      {step.kind === 'failed' && (
        <>
          <p className="error" role="alert">
            {t(`social:errors.${step.failure}`)}
          </p>
          <Link to="/social/sign-in" className="button secondary">
            {t('social:callback.retry')}
          </Link>
        </>
      )}
      {step.kind === 'second-factor' && <SecondFactorForm ticket={step.ticket} providerLabel={step.providerLabel} />}
      {step.kind === 'unlinked' && (
        <>
          <p className="card social-intro">{t('social:unlinked.intro', { provider: step.unlinked.providerLabel })}</p>
          <div className="social-choices" role="group" aria-label={t('social:unlinked.choose')}>
            <button
              type="button"
              className={step.choice === 'link' ? 'button' : 'button secondary'}
              aria-pressed={step.choice === 'link'}
              onClick={() => setStep({ ...step, choice: 'link' })}
            >
              {t('social:unlinked.linkChoice')}
            </button>
            <button
              type="button"
              className={step.choice === 'sign-up' ? 'button' : 'button secondary'}
              aria-pressed={step.choice === 'sign-up'}
              onClick={() => setStep({ ...step, choice: 'sign-up' })}
            >
              {t('social:unlinked.signUpChoice')}
            </button>
          </div>
          {step.choice === 'link' && <LinkForm unlinked={step.unlinked} />}
          {step.choice === 'sign-up' && <SocialSignUpForm unlinked={step.unlinked} />}
        </>
      )}
    </section>
  );
}
