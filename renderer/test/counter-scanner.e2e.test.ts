// What broke when a cashier used the counter (issue 19, items 3 and 7), in a real browser (Debian's
// Chromium via playwright-core) against a real cloud, hub and printer simulator: after taps on
// +, − and ✕ a scanned article is added and no quantity moves, even with focus left on a
// button, while a person's deliberate Enter on a button still works; the sale screen says at
// once that the drawer is closed; the credits F10 will take are shown before paying; a revoked
// card is refused with its reason; a notice does not move the screen; closing the drawer asks
// first, then shows the Z report (credits with their unit) above the form for the next session;
// the hub serves /favicon.ico. Screenshots (French, light and dark, 1280 and 360 px wide) go to
// renderer/.test-output/screenshots for a person to look at.
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { startDemoCloud } from '../../tools/test-support/demo-cloud.js';
import { exited, freePort, waitForHttp } from '../../tools/test-support/processes.js';
import { cloudDatabases } from '../../tools/test-support/test-databases.js';
import {
  chromiumPath,
  demoCards,
  launchChromium,
  pairWithPrinter,
  revokeCard,
  screenshots,
  startHub,
  startSimulators,
  untilSynced,
} from './support/counter-stack.js';

const pagne = 'Pagne wax 6 yards « Fleur de mariage »';
const bissap = 'Bissap concentré 1 L';
const savon = 'Savon noir artisanal';

/** A keyboard-wedge scanner: the code a few ms per character, then Enter, wherever focus is. */
async function wedgeScan(page: Page, code: string): Promise<void> {
  await page.keyboard.type(code, { delay: 5 });
  await page.keyboard.press('Enter');
}

/** The cart as `name → quantity`. */
async function cart(page: Page): Promise<Record<string, number>> {
  const rows = await page
    .getByRole('table', { name: 'Panier' })
    .locator('tbody tr')
    .evaluateAll((trs) =>
      trs.map((tr) => [tr.querySelector('td')?.textContent ?? '', tr.querySelector('td.qty span')?.textContent ?? '']),
    );
  return Object.fromEntries(
    rows.filter(([, quantity]) => quantity !== '').map(([name, quantity]) => [name, Number(quantity)] as const),
  ) as Record<string, number>;
}

describe.each(cloudDatabases)(
  'the counter keeps focus for the scanner and says what matters (real cloud, hub and printer) on $name',
  (database) => {
    it(
      'adds a scanned article after taps on + − ✕ and with focus on a button, shows the closed drawer, the credits, a refusal reason, asks before closing',
      { timeout: 240_000 },
      async () => {
        expect(existsSync(chromiumPath), `Chromium is needed at ${chromiumPath} (Debian package "chromium")`).toBe(
          true,
        );
        mkdirSync(screenshots, { recursive: true });
        const root = mkdtempSync(path.join(tmpdir(), 'ismail-e2e-scanner-'));
        const demo = await startDemoCloud(root, database);
        const printerPort = await freePort();
        const sim = await startSimulators(root, { PRINTER_SIM_PORT: String(printerPort) });
        const { hub, hubUrl } = await startHub(root, demo.url, { HUB_CARD_TRUST_PULL_S: '2' });
        let browser: Browser | undefined;
        try {
          await waitForHttp(`${hubUrl}/health`, 15_000);
          const registered = await demo.registerHub('Caisse Treichville');
          const admin = await pairWithPrinter(root, hubUrl, registered, { name: 'Ticket', port: printerPort });
          await untilSynced(hubUrl, true);
          // Browsers ask every site for /favicon.ico: the hub has one.
          const icon = await fetch(`${hubUrl}/favicon.ico`);
          expect(icon.status).toBe(200);
          expect(icon.headers.get('content-type')).toMatch(/icon/);
          const cardOf = await demoCards(demo);
          const client = await cardOf('client@demo.ismail.ci');
          const rep = await cardOf('commercial@demo.ismail.ci');

          browser = await launchChromium();
          const page: Page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
          const shot = (name: string) =>
            page.screenshot({ path: path.join(screenshots, `${name}.png`), fullPage: true });
          // Light, dark, then 360 px wide (light), and back to the desktop in light.
          const shots = async (name: string): Promise<void> => {
            await shot(`${name}-clair`);
            await page.getByRole('button', { name: 'Changer de thème' }).click();
            await shot(`${name}-sombre`);
            await page.getByRole('button', { name: 'Changer de thème' }).click();
            await page.setViewportSize({ width: 360, height: 780 });
            // Nothing scrolls sideways on a phone-width screen.
            expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
            await shot(`${name}-360`);
            await page.setViewportSize({ width: 1280, height: 860 });
          };
          const notice = page.getByTestId('notice');
          await page.goto(hubUrl);
          await page.getByLabel('Adresse e-mail').fill('caisse@demo.ismail.ci');
          await page.getByLabel('Mot de passe').fill('demo-ismail-2026');
          await page.keyboard.press('Enter');
          await page.getByRole('navigation').waitFor();

          // The drawer is closed: the sale screen says so at once, and the payment keys are off.
          const entry = page.getByLabel('Scanner un article ou la carte du client, ou rechercher');
          const focusedOnEntry = async () => entry.evaluate((el) => el === document.activeElement);
          await page.getByTestId('drawer-closed').waitFor();
          expect(await page.getByTestId('drawer-closed').textContent()).toContain('Caisse fermée');
          await wedgeScan(page, '6111234567895');
          await expect.poll(async () => cart(page)).toEqual({ [pagne]: 1 });
          const payCash = page.getByRole('button', { name: /Encaisser en espèces/ });
          expect(await payCash.isDisabled()).toBe(true);
          expect(await payCash.getAttribute('aria-describedby')).toBe('sell-drawer-closed');
          await page.keyboard.press('F9');
          await expect.poll(async () => notice.textContent()).toContain('Aucune caisse n');
          await shots('s01-vente-caisse-fermee');

          // A notice floats: the field did not move when it came.
          const before = (await entry.boundingBox())?.y;
          await page.getByRole('button', { name: 'Fermer le message' }).click();
          await notice.waitFor({ state: 'detached' });
          expect((await entry.boundingBox())?.y).toBe(before);
          await page.getByRole('button', { name: `Retirer ${pagne}` }).click();

          // Open the drawer, back to selling: the notice is gone.
          await page.keyboard.press('Alt+5');
          await page.getByLabel('Fonds de caisse (FCFA)').fill('10000');
          await page.keyboard.press('Enter');
          await expect.poll(async () => notice.textContent()).toContain('ouverte');
          await page.keyboard.press('Alt+1');
          await expect.poll(focusedOnEntry).toBe(true);
          expect(await page.getByTestId('drawer-closed').count()).toBe(0);

          // Two lines by search (a person typing), then taps on +, − and ✕: focus goes back to the field every time.
          for (const [query, name] of [
            ['bissap', bissap],
            ['savon', savon],
          ] as const) {
            await page.keyboard.type(query, { delay: 80 });
            await page.getByRole('option', { name: new RegExp(name.split(' ')[0] ?? '') }).waitFor();
            await page.keyboard.press('Enter');
            await expect.poll(async () => (await cart(page))[name]).toBe(1);
          }
          await page.getByRole('button', { name: `Un de plus : ${bissap}` }).click();
          await expect.poll(async () => (await cart(page))[bissap]).toBe(2);
          expect(await focusedOnEntry()).toBe(true);
          await page.getByRole('button', { name: `Un de moins : ${bissap}` }).click();
          await expect.poll(async () => (await cart(page))[bissap]).toBe(1);
          expect(await focusedOnEntry()).toBe(true);
          await page.getByRole('button', { name: `Retirer ${savon}` }).click();
          await expect.poll(async () => cart(page)).toEqual({ [bissap]: 1 });
          expect(await focusedOnEntry()).toBe(true);
          // The scan after the taps: the article is added, no quantity moved.
          await wedgeScan(page, '6111234567895');
          await expect.poll(async () => cart(page)).toEqual({ [bissap]: 1, [pagne]: 1 });

          // Focus left on "+" (as the bug had it): the scan is still read, and its Enter does not press "+".
          const more = page.getByRole('button', { name: `Un de plus : ${bissap}` });
          await more.focus();
          await wedgeScan(page, '6111234567895');
          await expect.poll(async () => cart(page)).toEqual({ [bissap]: 1, [pagne]: 2 });
          await page.waitForTimeout(300);
          expect(await cart(page)).toEqual({ [bissap]: 1, [pagne]: 2 });
          expect(await page.getByTestId('sell-total').textContent()).toMatch(/25\s800/);

          // A person tabbing to "+" and pressing Enter on purpose still adds one.
          await more.focus();
          await page.waitForTimeout(150);
          await page.keyboard.press('Enter');
          await expect.poll(async () => cart(page)).toEqual({ [bissap]: 2, [pagne]: 2 });

          // The client's card: the credits F10 will take show before paying.
          await entry.focus();
          await page.keyboard.type(client.token);
          await page.keyboard.press('Enter');
          await expect.poll(async () => notice.textContent()).toContain('Ibrahim Ouattara');
          expect(await cart(page)).toEqual({ [bissap]: 2, [pagne]: 2 });
          // 26 600 FCFA at the demo rate of 50 FCFA a credit: 532,00 credits.
          await expect.poll(async () => page.getByTestId('sell-credits').textContent()).toMatch(/532,00\scrédits/);
          await shots('s02-vente-credits-avant-f10');

          // A card revoked in the cloud: refused with the card's own reason.
          await revokeCard(demo, { url: hubUrl, admin }, rep);
          await entry.focus();
          await page.keyboard.type(rep.token);
          await page.keyboard.press('Enter');
          await expect.poll(async () => notice.textContent()).toContain('Carte du client refusée : Carte révoquée.');

          // Paid from the wallet: then the drawer is closed, after a confirmation, and the Z report comes first.
          await page.keyboard.press('F10');
          await expect.poll(async () => notice.textContent(), { timeout: 15_000 }).toContain('Vente enregistrée');
          await page.keyboard.press('Alt+5');
          await page.getByLabel('Espèces comptées (FCFA)').fill('10000');
          await page.keyboard.press('Enter');
          const confirm = page.getByRole('alertdialog', { name: 'Confirmer la clôture' });
          await confirm.waitFor();
          await expect
            .poll(async () =>
              page
                .getByRole('button', { name: 'Oui, clôturer la caisse' })
                .evaluate((el) => el === document.activeElement),
            )
            .toBe(true);
          await shot('s03-caisse-confirmation-clair');
          // Changing one's mind keeps the drawer open; the second time, Enter on the focused confirm button closes it.
          await page.getByRole('button', { name: 'Non, revenir' }).click();
          await page.getByLabel('Espèces comptées (FCFA)').fill('10000');
          await page.keyboard.press('Enter');
          await confirm.waitFor();
          await page.keyboard.press('Enter');
          await expect.poll(async () => notice.textContent()).toContain('clôturée');
          const report = page.getByTestId('z-report');
          await report.waitFor();
          await expect
            .poll(async () => report.locator('h3').evaluate((el) => el === document.activeElement))
            .toBe(true);
          expect(await report.textContent()).toMatch(/532,00\scrédits/);
          const reportFirst = await page.evaluate(() => {
            const zReport = document.querySelector('[data-testid="z-report"]');
            const form = document.querySelector('section.cash form');
            return (
              zReport !== null &&
              form !== null &&
              (zReport.compareDocumentPosition(form) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0
            );
          });
          expect(reportFirst).toBe(true);
          await shots('s04-caisse-apres-cloture');
        } catch (error) {
          const pages = browser?.contexts().flatMap((c) => c.pages()) ?? [];
          await pages[0]
            ?.screenshot({ path: path.join(screenshots, 'failure-scanner.png'), fullPage: true })
            .catch(() => undefined);
          throw error;
        } finally {
          await browser?.close();
          for (const child of [hub, sim, demo.process]) child.kill('SIGKILL');
          await Promise.all([hub, sim, demo.process].map((c) => exited(c)));
        }
      },
    );
  },
);
