// Customer lookup at the counter in a real browser (issue 28.4): Debian's Chromium against a real
// cloud (demo data on the PostgreSQL server, so the test can give the demo client a phone number:
// no route sets one) and a real hub. The cashier types the client's phone number on the Credits
// screen, finds Ibrahim Ouattara, takes 5 000 FCFA and the top-up reaches the cloud (nothing
// refused); on the Cards screen the same lookup shows the name, masked phone and card status
// (screenshots fr light and dark in renderer/.test-output/screenshots, axe clean in both).
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import pg from 'pg';
import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { startDemoCloud } from '../../tools/test-support/demo-cloud.js';
import { adminHeaders, pairHub } from '../../tools/test-support/hub-admin.js';
import { exited, until } from '../../tools/test-support/processes.js';
import { cloudDatabases, serverName } from '../../tools/test-support/test-databases.js';
import { launchChromium, screenshots, startHub, untilSynced } from './support/counter-stack.js';
import { seriousViolations } from './portal-browser.js';

const server = cloudDatabases.find((d) => d.name === serverName);

describe('customer lookup on the counter in Chromium (real cloud and hub) on the PostgreSQL server', () => {
  it(
    'finds a client by phone on the Credits screen, tops up 5 000 FCFA, and shows the card on the Cards screen',
    { timeout: 240_000 },
    async () => {
      expect(server, 'needs the PostgreSQL server (ISMAIL_TEST_DATABASE_URL; npm test starts one)').toBeDefined();
      if (server === undefined) return;
      mkdirSync(screenshots, { recursive: true });
      const root = mkdtempSync(path.join(tmpdir(), 'ismail-lookup-e2e-'));
      const demo = await startDemoCloud(root, server);
      const sql = new pg.Client({ connectionString: demo.env.DATABASE_URL });
      let hub: ChildProcess | undefined;
      let browser: Browser | undefined;
      try {
        await sql.connect();
        await sql.query("UPDATE accounts SET phone_e164 = '+2250707070707' WHERE id = $1", [
          demo.idOf('client@demo.ismail.ci'),
        ]);
        const started = await startHub(root, demo.url);
        hub = started.hub;
        const { hubUrl } = started;
        await until(
          () =>
            fetch(`${hubUrl}/health`).then(
              (r) => r.ok,
              () => false,
            ),
          (ok) => ok,
          15_000,
        );
        expect(
          await pairHub(hubUrl, adminHeaders(path.join(root, 'hub')), await demo.registerHub('Caisse Treichville')),
        ).toBe(200);
        await untilSynced(hubUrl, false);

        browser = await launchChromium();
        const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
        const shot = (name: string) => page.screenshot({ path: path.join(screenshots, `${name}.png`), fullPage: true });
        const notice = page.getByTestId('notice');
        await page.goto(hubUrl);
        await page.getByLabel('Adresse e-mail').waitFor({ timeout: 90_000 });
        await page.getByLabel('Adresse e-mail').fill('caisse@demo.ismail.ci');
        await page.getByLabel('Mot de passe').fill('demo-ismail-2026');
        await page.keyboard.press('Enter');
        await page.getByRole('navigation').waitFor();
        await page.keyboard.press('Alt+5');
        await page.getByLabel('Fonds de caisse (FCFA)').fill('10000');
        await page.keyboard.press('Enter');
        await expect.poll(async () => notice.textContent()).toContain('ouverte');

        // Credits: the phone number as the client says it, the client found, 5 000 FCFA taken.
        await page.keyboard.press('Alt+2');
        await page.getByLabel('Rechercher un client (ID ISMAIL ou téléphone)').fill('07 07 07 07 07');
        await page.keyboard.press('Enter');
        const result = page.getByTestId('lookup-result');
        await expect.poll(async () => result.textContent()).toContain('Ibrahim Ouattara');
        expect(await result.textContent()).toContain('+225 07 •• •• •• 07');
        const amount = page.getByLabel('Montant reçu (FCFA)');
        await expect.poll(async () => amount.evaluate((el) => el === document.activeElement)).toBe(true);
        await page.keyboard.type('5000');
        await shot('lookup-01-credits-fr-light');
        await page.keyboard.press('Enter');
        await expect
          .poll(async () => notice.textContent(), { timeout: 15_000 })
          .toMatch(/5\s000\sF\sCFA.*Ibrahim Ouattara/);
        const status = async () =>
          (await (await fetch(`${hubUrl}/api/v1/sync/status`)).json()) as { outboxDepth: number; rejected: number };
        expect(await until(status, (s) => s.outboxDepth === 0, 30_000)).toMatchObject({ outboxDepth: 0, rejected: 0 });
        const credited = await sql.query<{ n: string }>(
          "SELECT count(*) AS n FROM hub_operations WHERE type = 'wallet.cash_top_up' AND status = 'applied'",
        );
        expect(Number(credited.rows[0]?.n)).toBe(1);

        // Cards: the same client found by phone, light then dark; axe clean in both.
        await page.keyboard.press('Alt+3');
        await page.getByLabel('Rechercher un client (ID ISMAIL ou téléphone)').fill('+225 07 07 07 07 07');
        await page.keyboard.press('Enter');
        await expect.poll(async () => result.textContent()).toContain('Carte en vigueur');
        expect(await result.textContent()).not.toMatch(/0707070707|eyJ/);
        await shot('lookup-02-carte-fr-light');
        expect(await seriousViolations(page)).toEqual([]);
        await page.getByRole('button', { name: 'Changer de thème' }).click();
        await expect.poll(async () => page.evaluate(() => document.documentElement.dataset.theme ?? '')).toBe('dark');
        await shot('lookup-03-carte-fr-dark');
        expect(await seriousViolations(page)).toEqual([]);
        // An unknown number: a plain "not found".
        await page.getByLabel('Rechercher un client (ID ISMAIL ou téléphone)').fill('01 02 03 04 05');
        await page.keyboard.press('Enter');
        await expect.poll(async () => notice.textContent()).toContain('Aucun client trouvé');
      } finally {
        await browser?.close();
        await sql.end().catch(() => undefined);
        hub?.kill('SIGTERM');
        demo.process.kill('SIGTERM');
        await Promise.all([hub === undefined ? Promise.resolve() : exited(hub), exited(demo.process)]);
      }
    },
  );
});
