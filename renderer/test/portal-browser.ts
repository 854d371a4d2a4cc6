/**
 * Browser helpers for the portal's end-to-end test: a 360x640 phone context on a 3G
 * network (Chrome's presets through CDP), axe-core run inside the page, and screenshots named
 * by screen, language and theme.
 */
import { cpSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';

/** A network profile for Chrome's DevTools protocol (Network.emulateNetworkConditions). */
export interface NetworkProfile {
  readonly offline: boolean;
  readonly latency: number;
  readonly downloadThroughput: number;
  readonly uploadThroughput: number;
}

/** Chrome DevTools' "Slow 3G": 2 s round trips, about 50 KB/s each way. The worst case, for the flagship journeys. */
export const slow3g: NetworkProfile = {
  offline: false,
  latency: 2000,
  downloadThroughput: (500 * 1024 * 0.8) / 8,
  uploadThroughput: (500 * 1024 * 0.8) / 8,
};

/**
 * Chrome DevTools' "Fast 3G": 563 ms round trips, about 180 KB/s down and 85 KB/s up, a usual
 * 3G connection: the shop's, the onboarding's and the account's journeys (a purchase, ID photos
 * uploaded, the live inbox and web push).
 */
export const typical3g: NetworkProfile = {
  offline: false,
  latency: 562.5,
  downloadThroughput: (1.6 * 1024 * 1024 * 0.9) / 8,
  uploadThroughput: (750 * 1024 * 0.9) / 8,
};

/**
 * No throttling: the other journeys. They prove what their screens do; what a 3G connection
 * changes (patience, offline, the bundle's weight, uploads, push) is proven by the five journeys above
 * and by bench/portal-lighthouse.mjs. Measured alone, the catalog's journey took 53 s on Fast 3G
 * and 31 s without, and CI must stay short (README, "Tests").
 */
export const fullSpeed: NetworkProfile = { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 };

export type Theme = 'light' | 'dark';
export type Language = 'fr' | 'en';

/**
 * A phone-sized context whose device prefers `theme` and whose portal starts in `language`
 * (set once, before the first page script; a later choice in the settings is kept).
 */
export async function phoneContext(browser: Browser, language: Language, theme: Theme): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: { width: 360, height: 640 },
    deviceScaleFactor: 1,
    colorScheme: theme,
    serviceWorkers: 'allow',
  });
  // Slow 3G on two loaded cores: a navigation or a wait may take long; the assertions say what must show.
  context.setDefaultNavigationTimeout(90_000);
  context.setDefaultTimeout(90_000);
  await context.addInitScript((chosen: string) => {
    if (localStorage.getItem('ismail.portal.language') === null) localStorage.setItem('ismail.portal.language', chosen);
  }, language);
  return context;
}

/**
 * Sets the page's network to `profile` (applies to what the page fetches from then on).
 * Returns the page's network switch: this session's conditions win over Playwright's own
 * setOffline, so going offline goes through it too.
 */
export async function throttle(
  context: BrowserContext,
  page: Page,
  profile: NetworkProfile = fullSpeed,
): Promise<(offline: boolean) => Promise<void>> {
  const cdp: CDPSession = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', profile);
  const network = { cdp, profile, offline: false };
  throttled.set(page, network);
  return async (offline) => {
    network.offline = offline;
    await context.setOffline(offline);
    await cdp.send('Network.emulateNetworkConditions', { ...profile, offline });
  };
}

/** The throttled pages, with their profile and whether they are offline now. */
const throttled = new WeakMap<Page, { cdp: CDPSession; profile: NetworkProfile; offline: boolean }>();

/**
 * Runs `work` with the page's network at full speed when it is throttled and online, then
 * puts its profile back. For the four looks of a screen: they check rendering and
 * accessibility, which the network does not change, and four reloads with 2 s round trips
 * made each journey minutes longer in CI; the journey's own steps stay throttled.
 */
async function atFullSpeed<T>(page: Page, work: () => Promise<T>): Promise<T> {
  const network = throttled.get(page);
  if (network === undefined || network.offline) return work();
  await network.cdp.send('Network.emulateNetworkConditions', fullSpeed);
  try {
    return await work();
  } finally {
    await network.cdp.send('Network.emulateNetworkConditions', network.profile);
  }
}

const axeSource = readFileSync(
  path.join(path.dirname(createRequire(import.meta.url).resolve('axe-core')), 'axe.min.js'),
  'utf8',
);

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/**
 * The serious and critical WCAG 2.1 A/AA violations on the page as it is. axe is evaluated
 * through the DevTools protocol, which the page's CSP (no inline script) does not govern.
 */
export async function seriousViolations(page: Page): Promise<string[]> {
  const loaded = await page.evaluate(() => 'axe' in window);
  if (!loaded) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (...args: unknown[]) => Promise<{ violations: unknown[] }> } }).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return result.violations;
  });
  return (violations as AxeViolation[])
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${String(v.impact)}): ${v.help} at ${JSON.stringify(v.nodes.map((n) => n.target))}`);
}

/** The four looks every portal screen is photographed and checked in. */
export const looks: readonly (readonly [Language, Theme])[] = [
  ['fr', 'light'],
  ['fr', 'dark'],
  ['en', 'light'],
  ['en', 'dark'],
];

/**
 * Photographs the screen at the page's current address in every look (language and theme set as
 * the settings screen keeps them, then a reload) into `dir/<name>-<language>-<theme>.png`, runs
 * axe on each, and leaves the page in French on the device's theme. `ready` waits for what must
 * show once the screen has loaded (a heading, a list). Returns the serious violations, named.
 */
export async function checkEveryLook(
  page: Page,
  dir: string,
  name: string,
  ready: (page: Page) => Promise<unknown>,
): Promise<string[]> {
  return atFullSpeed(page, () => everyLook(page, dir, name, ready));
}

async function everyLook(
  page: Page,
  dir: string,
  name: string,
  ready: (page: Page) => Promise<unknown>,
): Promise<string[]> {
  const found: string[] = [];
  for (const [language, theme] of looks) {
    await page.evaluate(
      ([l, t]) => {
        localStorage.setItem('ismail.portal.language', l);
        localStorage.setItem('ismail.portal.theme', t);
      },
      [language, theme] as const,
    );
    await page.reload();
    await ready(page);
    const tag = `${name}-${language}-${theme}`;
    const broken = await imagesShown(page);
    if (broken.length > 0) found.push(`${tag}: images that did not load: ${broken.join(', ')}`);
    await page.screenshot({ path: path.join(dir, `${tag}.png`), fullPage: true });
    found.push(...(await seriousViolations(page)).map((v) => `${tag}: ${v}`));
  }
  await page.evaluate(() => {
    localStorage.setItem('ismail.portal.language', 'fr');
    localStorage.removeItem('ismail.portal.theme');
  });
  await page.reload();
  await ready(page);
  return found;
}

/**
 * Waits until the images on screen have arrived (over slow 3G a photo comes after the text the `ready` check
 * waits for), then names those that arrived broken: a screenshot shows what the person sees, not a blank box.
 */
async function imagesShown(page: Page): Promise<string[]> {
  // Functions, not strings: the portal's CSP forbids evaluating strings.
  await page.waitForFunction(
    () =>
      Array.from(document.images)
        .filter((image) => image.getBoundingClientRect().top < window.innerHeight)
        .every((image) => image.complete),
    undefined,
    { timeout: 60_000 },
  );
  return page.evaluate(() =>
    Array.from(document.images)
      .filter((image) => image.getBoundingClientRect().top < window.innerHeight && image.naturalWidth === 0)
      .map((image) => image.currentSrc || image.src),
  );
}

/**
 * A private copy of the built portal under the test's folder, for the cloud's PORTAL_DIR: another
 * suite (npm start's own test) rebuilds renderer/dist/portal while this one walks its screens, and
 * a page must keep the files it was loaded with.
 */
export function privatePortalCopy(builtIndexHtml: string, root: string): string {
  const copy = path.join(root, 'portal');
  cpSync(path.dirname(builtIndexHtml), copy, { recursive: true });
  return copy;
}

/**
 * Signs in on the portal's form, with the authenticator code when `totpCode` is given (demo admins). Signed in once
 * the form is gone and the session is stored: the button alone is renamed « Connexion… » while the request is on its
 * way, and navigating before the session is kept aborts the sign-in (the next page then opened on /sign-in under CI
 * load).
 */
export async function signInPortal(
  page: Page,
  url: string,
  credentials: { email: string; password: string; totpCode?: () => string },
  timeoutMs = 90_000,
): Promise<void> {
  await page.goto(url);
  await page.getByLabel('Adresse e-mail').fill(credentials.email);
  await page.getByLabel('Mot de passe').fill(credentials.password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  if (credentials.totpCode !== undefined) {
    const code = page.getByLabel("Code de l'application d'authentification");
    await code.waitFor({ timeout: timeoutMs });
    await code.fill(credentials.totpCode());
    await page.getByRole('button', { name: 'Se connecter' }).click();
  }
  await page.getByLabel('Adresse e-mail').waitFor({ state: 'detached', timeout: timeoutMs });
  await page.waitForFunction(() => localStorage.getItem('ismail.portal.session') !== null, undefined, {
    timeout: timeoutMs,
  });
}
