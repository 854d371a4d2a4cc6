/**
 * "Continuer avec …": the sign-in providers the cloud offers, one button each. A tap asks the
 * cloud for the provider's address (with this sign-in's state, nonce and PKCE) and goes there;
 * the provider sends the person back to /social/callback.
 */
import { Link } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { failureOf, newBrowserKey } from './flow.js';
import '../../styles/social.css';

interface Provider {
  readonly id: string;
  readonly label: string;
}

export function SocialSignIn() {
  const { t } = useTranslation('social');
  const [providers, setProviders] = useState<readonly Provider[] | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  useEffect(() => {
    api.GET('/v1/social/providers').then(
      ({ data }) => setProviders(data?.providers ?? []),
      () => setFailure(navigator.onLine ? 'other' : 'offline'),
    );
  }, []);

  async function start(provider: Provider): Promise<void> {
    setBusy(provider.id);
    setFailure(null);
    try {
      const { data, error } = await api.POST('/v1/social/start', {
        body: { provider: provider.id, browserKey: newBrowserKey() },
      });
      if (data !== undefined) {
        window.location.assign(data.authorizationUrl);
        return;
      }
      setFailure(failureOf(error));
    } catch {
      setFailure(navigator.onLine ? 'other' : 'offline');
    }
    setBusy(null);
  }

  return (
    <section aria-labelledby="social-sign-in-title" className="screen social">
      <h1 id="social-sign-in-title">{t('social:signIn.title')}</h1>
      <p>{t('social:signIn.intro')}</p>
      {providers === null && failure === null && <p className="muted">{t('app.loading')}</p>}
      {providers?.length === 0 && <p className="card">{t('social:signIn.none')}</p>}
      {providers !== null && providers.length > 0 && (
        <ul className="social-providers">
          {providers.map((provider) => (
            <li key={provider.id}>
              <button
                type="button"
                className="button social-provider"
                disabled={busy !== null}
                onClick={() => void start(provider)}
              >
                {busy === provider.id
                  ? t('social:signIn.starting')
                  : t('social:signIn.continueWith', { provider: provider.label })}
              </button>
            </li>
          ))}
        </ul>
      )}
      {failure !== null && (
        <p className="error" role="alert">
          {t(`social:errors.${failure}`)}
        </p>
      )}
      <p className="social-note">{t('social:signIn.privacy')}</p>
      <Link to="/sign-in" className="social-back">
        {t('social:signIn.back')}
      </Link>
    </section>
  );
}
