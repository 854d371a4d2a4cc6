/**
 * Light and dark themes: by default the device's (prefers-color-scheme), or the one chosen in
 * the settings, kept on this device. The choice is an attribute on <html> read by styles.css.
 */
export const themes = ['system', 'light', 'dark'] as const;
export type Theme = (typeof themes)[number];
const storageKey = 'ismail.portal.theme';

export function savedTheme(): Theme {
  const saved = globalThis.localStorage?.getItem(storageKey);
  return saved === 'light' || saved === 'dark' ? saved : 'system';
}

export function applyTheme(theme: Theme): void {
  const root = document.documentElement;
  if (theme === 'system') delete root.dataset['theme'];
  else root.dataset['theme'] = theme;
}

export function setTheme(theme: Theme): void {
  if (theme === 'system') globalThis.localStorage?.removeItem(storageKey);
  else globalThis.localStorage?.setItem(storageKey, theme);
  applyTheme(theme);
}
