/**
 * The portal's languages: French first (the clients'), English available. Every word on screen
 * comes from locales/*.json through i18next; the choice is kept on this device.
 *
 * The shell's words (locales/fr.json, en.json) ship with the first screen. Each area's words live
 * in their own namespace (locales/<area>.<lang>.json), fetched with the area's screens, and are
 * always asked for with their namespace written out (`t('wallet:topUp.title')`), which is how
 * renderer/test/translations.test.ts checks them.
 */
import i18next from 'i18next';
import resourcesToBackend from 'i18next-resources-to-backend';
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
  await i18next
    .use(initReactI18next)
    // Only area namespaces come through here; the shell's are bundled below (partialBundledLanguages).
    .use(resourcesToBackend((language: string, namespace: string) => import(`./locales/${namespace}.${language}.json`)))
    .init({
      resources: { fr: { translation: fr }, en: { translation: en } },
      partialBundledLanguages: true,
      ns: ['translation'],
      defaultNS: 'translation',
      // An area's screen asks for the shell's words (app.loading…) without writing their namespace.
      fallbackNS: 'translation',
      lng: savedLanguage(),
      fallbackLng: 'fr',
      interpolation: { escapeValue: false },
      returnNull: false,
    });
  document.documentElement.lang = i18next.language;
  return i18next;
}
