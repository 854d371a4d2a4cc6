/**
 * The portal's languages: French first (the clients'), English available. Every word on screen
 * comes from locales/*.json through i18next; the choice is kept on this device.
 */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './locales/en.json';
import fr from './locales/fr.json';

export const languages = ['fr', 'en'] as const;
export type Language = (typeof languages)[number];
const storageKey = 'ismail.portal.language';

export function savedLanguage(): Language {
  return globalThis.localStorage?.getItem(storageKey) === 'en' ? 'en' : 'fr';
}

export function setLanguage(language: Language): void {
  globalThis.localStorage?.setItem(storageKey, language);
  void i18next.changeLanguage(language);
  document.documentElement.lang = language;
}

export async function initI18n(): Promise<typeof i18next> {
  await i18next.use(initReactI18next).init({
    resources: { fr: { translation: fr }, en: { translation: en } },
    lng: savedLanguage(),
    fallbackLng: 'fr',
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  document.documentElement.lang = i18next.language;
  return i18next;
}
