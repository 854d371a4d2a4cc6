// Personal-data rights (issue 27) in Debian's Chromium on a 360x640 phone, against a real cloud (its built dist, demo
// data) on one database: the demo client prepares the ZIP of all its data at « Mes données personnelles », follows
// the job's progress to « Télécharger » and saves a real ZIP; asks for erasure (a confirmation first); an admin reads
// the register of processing activities and the request, and deciding it is refused in French because the client
// still has credits, the request staying open. Every screen in French and English, light and dark, axe-checked
// (renderer/.test-output/screenshots/portal/privacy).
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Secret, TOTP } from 'otpauth';
import { chromium, type Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { startDemoCloud } from '../../tools/test-support/demo-cloud.js';
import { exited } from '../../tools/test-support/processes.js';
import { cloudDatabases } from '../../tools/test-support/test-databases.js';
import { checkEveryLook, phoneContext, privatePortalCopy, signInPortal } from './portal-browser.js';
import { demoPassword, getJson, signIn } from './portal-services-setup.js';

const chromiumPath = process.env.ISMAIL_CHROMIUM ?? '/usr/bin/chromium';
const here = path.dirname(fileURLToPath(import.meta.url));
const screenshots = path.resolve(here, '..', '.test-output', 'screenshots', 'portal', 'privacy');
const portalBuilt = path.resolve(here, '..', 'dist', 'portal', 'index.html');
const slowMs = 90_000;
const database = cloudDatabases.at(-1);
const clientEmail = 'client@demo.ismail.ci';
/** The demo admins' TOTP secret (public: demo only, cloud/src/demo/accounts.ts). */
const demoTotp = new TOTP({
  algorithm: 'SHA1',
  digits: 6,
  period: 30,
  secret: Secret.fromBase32('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'),
});

describe('personal-data rights in Chromium (real cloud)', () => {
  it(
    'a ZIP of my data with its progress, an erasure request, the register and a refused erasure',
    { timeout: 900_000 },
    async () => {
      expect(database, 'a test database').toBeDefined();
      if (database === undefined) return;
      expect(existsSync(chromiumPath), `Chromium is needed at ${chromiumPath}`).toBe(true);
      expect(existsSync(portalBuilt), 'the portal is built by `npm run build -w renderer`').toBe(true);
      mkdirSync(screenshots, { recursive: true });
      const root = mkdtempSync(path.join(tmpdir(), 'ismail-portal-privacy-'));
      const demo = await startDemoCloud(root, database, { PORTAL_DIR: privatePortalCopy(portalBuilt, root) });
      let browser: Browser | undefined;
      try {
        browser = await chromium.launch({
          executablePath: chromiumPath,
          args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
        });
        const violations: string[] = [];

        // The ZIP: the job shows, then « Télécharger » saves a real ZIP (its first bytes are "PK").
        const client = await (await phoneContext(browser, 'fr', 'light')).newPage();
        await signInPortal(client, demo.url, { email: clientEmail, password: demoPassword });
        await client.goto(`${demo.url}/mes-donnees`);
        await client.getByRole('heading', { name: 'Mes données personnelles', level: 1 }).waitFor({ timeout: slowMs });
        await client.getByRole('button', { name: 'Préparer mon fichier' }).click();
        const job = client.locator('[data-status]').first();
        await job.waitFor({ timeout: slowMs });
        await client.locator('[data-status="done"]').waitFor({ timeout: slowMs });
        const [saved] = await Promise.all([
          client.waitForEvent('download', { timeout: slowMs }),
          job.getByRole('button', { name: 'Télécharger' }).click(),
        ]);
        expect(
          readFileSync(await saved.path())
            .subarray(0, 2)
            .toString('latin1'),
        ).toBe('PK');
        expect(saved.suggestedFilename()).toMatch(/\.zip$/);

        // Erasure asks for a confirmation first, then is filed and listed as waiting.
        await client.getByLabel('Raison (facultatif)').fill('Je quitte le service.');
        const ask = client.getByRole('button', { name: "Demander l'effacement" });
        expect(await ask.isDisabled(), 'no erasure request without the confirmation').toBe(true);
        await client.getByLabel("J'ai compris : mon compte sera fermé définitivement").check();
        await ask.click();
        await client
          .getByText('Demande envoyée. Vous serez prévenu de la décision.')
          .first()
          .waitFor({ timeout: slowMs });
        const requests = client.getByTestId('privacy-requests');
        await requests.getByText('Je quitte le service.').waitFor({ timeout: slowMs });
        violations.push(
          ...(await checkEveryLook(client, screenshots, '1-my-data', (p) =>
            p.getByTestId('privacy-requests').waitFor({ timeout: slowMs }),
          )),
        );

        // The admin reads the register and the request; erasing is refused in French while credits remain.
        const admin = await (await phoneContext(browser, 'fr', 'light')).newPage();
        await signInPortal(admin, demo.url, {
          email: 'admin@demo.ismail.ci',
          password: demoPassword,
          totpCode: () => demoTotp.generate(),
        });
        await admin.goto(`${demo.url}/admin/donnees-personnelles`);
        await admin.getByRole('heading', { name: 'Registre des traitements' }).waitFor({ timeout: slowMs });
        const register = admin.getByRole('region', { name: 'Registre des traitements' });
        await register.getByRole('row').nth(5).waitFor({ timeout: slowMs });
        expect(
          await register.getByRole('row').count(),
          'one row per declared table, and more than a few',
        ).toBeGreaterThan(20);
        const request = admin.locator('li, article').filter({ hasText: 'Je quitte le service.' }).first();
        await request.waitFor({ timeout: slowMs });
        // The admin deciding sees who asked.
        expect(await request.getByRole('heading', { level: 3 }).textContent()).toBe('Effacement — Ibrahim Ouattara');
        await request
          .getByLabel('Note de décision (envoyée à la personne)')
          .fill('Effacement demandé par la personne.');
        await request.getByRole('button', { name: 'Effacer les données' }).click();
        const refusal = request.getByRole('alert');
        await refusal.waitFor({ timeout: slowMs });
        expect(await refusal.textContent()).toMatch(/crédit/i);
        violations.push(
          ...(await checkEveryLook(admin, screenshots, '2-admin', (p) =>
            p
              .getByRole('heading', { name: /Registre des traitements|Register of processing/ })
              .waitFor({ timeout: slowMs }),
          )),
        );

        // The cloud agrees: the request is still open and the account still signs in.
        const asClient = await signIn(demo, clientEmail, demoPassword);
        const mine = await getJson<{ requests: { kind: string; status: string; details: string }[] }>(
          demo,
          '/v1/privacy/requests',
          asClient,
        );
        expect(mine.requests.find((r) => r.details === 'Je quitte le service.')?.status).not.toBe('done');
        expect(violations).toEqual([]);
      } finally {
        await browser?.close();
        demo.process.kill('SIGKILL');
        await exited(demo.process);
      }
    },
  );
});
