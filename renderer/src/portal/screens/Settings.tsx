/** Language, theme and sign-out (lazy-loaded route). Signing out offline still forgets this device's copy. */
import { Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import { languages, setLanguage, type Language } from '../i18n.js';
import { forgetServerData } from '../query.js';
import { clearSession } from '../session.js';
import { savedTheme, setTheme, themes, type Theme } from '../theme.js';

const languageNames: Record<Language, string> = { fr: 'Français', en: 'English' };

export function Settings() {
  // The account's words too, for the link to its security screen.
  const { t, i18n } = useTranslation(['translation', 'account']);
  const navigate = useNavigate();
  const [theme, setThemeState] = useState<Theme>(savedTheme());

  async function signOut(): Promise<void> {
    // Best effort: offline, the cloud ends the session when its tokens lapse; this device forgets it now.
    await api.POST('/v1/auth/sign-out').catch(() => undefined);
    clearSession();
    await forgetServerData();
    await navigate({ to: '/sign-in' });
  }

  return (
    <section aria-labelledby="settings-title" className="screen">
      <h1 id="settings-title">{t('settings.title')}</h1>
      <fieldset className="card choices">
        <legend>{t('settings.language')}</legend>
        {languages.map((language) => (
          <label key={language} className="choice" lang={language}>
            <input
              type="radio"
              name="language"
              value={language}
              checked={i18n.language === language}
              onChange={() => setLanguage(language)}
            />
            {languageNames[language]}
          </label>
        ))}
      </fieldset>
      <fieldset className="card choices">
        <legend>{t('settings.theme')}</legend>
        {themes.map((choice) => (
          <label key={choice} className="choice">
            <input
              type="radio"
              name="theme"
              value={choice}
              checked={theme === choice}
              onChange={() => {
                setTheme(choice);
                setThemeState(choice);
              }}
            />
            {t(`settings.themes.${choice}`)}
          </label>
        ))}
      </fieldset>
      <Link to="/account/security">{t('account:title')}</Link>
      <button type="button" className="button danger" onClick={() => void signOut()}>
        {t('settings.signOut')}
      </button>
    </section>
  );
}
