// Seed figure 6 (a rental debt followed up) in Debian's Chromium on a 360x640 phone, against a real cloud (its built
// dist, demo data, the movable test clock) on one database, with the SMS and mail simulators: a creditor opens a file
// due tomorrow with a scenario (D+1 SMS and push, D+7 e-mail, D+8 SMS and push); at D+1 02:00 Abidjan the engine sends
// nothing; at 08:00 one reminder states the full amount (a person known by phone gets exactly one SMS); at D+7 08:00
// the e-mail; the debtor pays half from the wallet in the portal (balance first, a double tap pays once); the D+8
// reminder states the other half; the debtor pays the rest and reads « Payé »; the creditor was notified, its
// dashboard's recovery rate for the period is 100 % and the ledger check passes. /mes-dettes and the file are
// photographed light and dark and axe-checked.
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import { chromium, type Browser, type Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { formatXof } from '@ismail/shared';
import { startAfricasTalkingSimulator, startSmtpCapture } from '@ismail/firmware-sim';
import { startDemoCloud } from '../../tools/test-support/demo-cloud.js';
import { exited } from '../../tools/test-support/processes.js';
import { cloudDatabases } from '../../tools/test-support/test-databases.js';
import { phoneContext, privatePortalCopy, seriousViolations, signInPortal } from './portal-browser.js';
import {
  advanceClock,
  call,
  clockTo,
  dayAt,
  eventually,
  freshAccount,
  isoDay,
  notificationsOf,
  openDueDay,
  pause,
  remindersOf,
} from './portal-debt-setup.js';

const chromiumPath = process.env.ISMAIL_CHROMIUM ?? '/usr/bin/chromium';
const here = path.dirname(fileURLToPath(import.meta.url));
const screenshots = path.resolve(here, '..', '.test-output', 'screenshots', 'portal', 'debt');
const portalBuilt = path.resolve(here, '..', 'dist', 'portal', 'index.html');
const slowMs = 90_000;
/** The engine runs every 5 s on a test clock: four runs are enough to have seen a moved clock. */
const enginePeriodsMs = 20_000;
const database = cloudDatabases.at(-1);
const flat = (s: string | null): string => (s ?? '').replace(/\s/g, ' ');
/** Digits and unit only: the cloud's "6 000 FCFA" and the portal's narrow spaces compare alike. */
const tight = (s: string): string => s.replace(/\s/g, '');
const principalXof = 6_000;
const halfXof = 3_000;
const personPhone = '+2250701020304';

const step = (key: string, offsetDays: number, channels: string[], fr: string) => ({
  key,
  offsetDays,
  action: 'remind',
  channels,
  textFr: `${fr} {creditor} : il reste {total} à payer. {link}`,
  textEn: `${fr} {creditor}: {total} left to pay. {link}`,
});
const steps = [
  step('d1', 1, ['sms', 'push'], 'Rappel figure 6.'),
  step('d7', 7, ['email'], 'Relance figure 6.'),
  step('d8', 8, ['sms', 'push'], 'Dernier rappel figure 6.'),
];

/** The screen at the page's address photographed in French, light then dark (a reload each), and axe-checked. */
async function lightAndDark(page: Page, name: string, ready: (p: Page) => Promise<unknown>): Promise<string[]> {
  const found: string[] = [];
  for (const theme of ['light', 'dark'] as const) {
    await page.evaluate((t) => localStorage.setItem('ismail.portal.theme', t), theme);
    await page.reload();
    await ready(page);
    await page.screenshot({ path: path.join(screenshots, `${name}-${theme}.png`), fullPage: true });
    found.push(...(await seriousViolations(page)).map((v) => `${name}-${theme}: ${v}`));
  }
  await page.evaluate(() => localStorage.removeItem('ismail.portal.theme'));
  await page.reload();
  await ready(page);
  return found;
}

describe('seed figure 6 in Chromium: a debt reminded within the contact hours, paid in two halves', () => {
  it(
    'file → no reminder at 02:00 → SMS at 08:00 → e-mail at D+7 → half paid → other half reminded → paid',
    { timeout: 1_200_000 },
    async () => {
      expect(database, 'a test database').toBeDefined();
      if (database === undefined) return;
      expect(existsSync(chromiumPath), `Chromium is needed at ${chromiumPath}`).toBe(true);
      expect(existsSync(portalBuilt), 'the portal is built by `npm run build -w renderer`').toBe(true);
      mkdirSync(screenshots, { recursive: true });
      const root = mkdtempSync(path.join(tmpdir(), 'ismail-portal-debt-'));
      const smtp = await startSmtpCapture({ port: 0 });
      const sms = await startAfricasTalkingSimulator({ port: 0, username: 'ismail-sandbox', apiKey: 'at-key-fig6' });
      const demo = await startDemoCloud(root, database, {
        PORTAL_DIR: privatePortalCopy(portalBuilt, root),
        ISMAIL_TEST_CLOCK: 'true',
        SMTP_URL: `smtp://127.0.0.1:${String(smtp.port)}`,
        SMS_PROVIDER: 'africastalking',
        AT_API_URL: sms.url,
        AT_USERNAME: 'ismail-sandbox',
        AT_API_KEY: 'at-key-fig6',
      });
      let browser: Browser | undefined;
      try {
        // A creditor and a debtor of their own: the demo's late rent (the demo client owes the demo agency) would
        // join the reminders' totals and the agency's recovery rate.
        const creditor = await freshAccount(demo, 'partner', { firstName: 'Agence', lastName: 'Figure Six' }, 10_000);
        const debtor = await freshAccount(demo, 'client', { firstName: 'Awa', lastName: 'Koné' }, 20_000);
        const debtorMe = await call<{ ismailId: string | null }>(demo, 'GET', '/v1/me', debtor.headers);
        expect(debtorMe.ismailId, 'the debtor has an ISMAIL ID').not.toBeNull();
        const { scenario } = await call<{ scenario: { id: string } }>(
          demo,
          'POST',
          '/v1/debt-collection/scenarios',
          creditor.headers,
          { name: 'Figure 6', steps, isDefault: false },
        );
        const now = await advanceClock(demo, 1);
        const dueOn = openDueDay(now, [1, 7, 8]);
        const open = async (debtorBody: unknown, label: string) =>
          (
            await call<{ file: { id: string; leftXof: number; status: string } }>(
              demo,
              'POST',
              '/v1/debt-files',
              creditor.headers,
              { debtor: debtorBody, label, principalXof, dueOn, reference: randomUUID(), scenarioId: scenario.id },
            )
          ).file;
        browser = await chromium.launch({
          executablePath: chromiumPath,
          args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
        });
        const violations: string[] = [];
        // The creditor opens the debtor's file on its own « Nouveau dossier » form, with the figure 6 scenario.
        const creditorContext = await phoneContext(browser, 'fr', 'light');
        const creditorPage = await creditorContext.newPage();
        await signInPortal(creditorPage, demo.url, { email: creditor.email, password: creditor.password });
        await creditorPage.goto(`${demo.url}/recouvrement/nouveau`);
        await creditorPage.getByLabel('Identifiant ISMAIL du débiteur').fill(debtorMe.ismailId ?? '');
        await creditorPage.getByLabel('Libellé (ce qui est dû)').fill('Loyer de novembre, studio Cocody');
        await creditorPage.getByLabel('Montant dû (FCFA)').fill(String(principalXof));
        await creditorPage.getByLabel('Date d’échéance').fill(dueOn);
        await creditorPage.getByLabel('Votre référence (n° de facture…)').fill(`LOYER-${randomUUID().slice(0, 8)}`);
        await creditorPage.getByLabel('Scénario de relance').selectOption({ label: 'Figure 6' });
        await creditorPage.getByRole('button', { name: 'Créer le dossier' }).click();
        await creditorPage.waitForURL('**/recouvrement/dossiers/*-*', { timeout: slowMs });
        const fileId = creditorPage.url().split('/').at(-1) ?? '';
        await creditorContext.close();
        const made = await call<{ file: { id: string; leftXof: number; dueOn: string; scenarioId: string | null } }>(
          demo,
          'GET',
          `/v1/debt-files/${fileId}`,
          creditor.headers,
        );
        expect([made.file.leftXof, made.file.dueOn, made.file.scenarioId]).toEqual([principalXof, dueOn, scenario.id]);
        const file = made.file;
        // A person known by name and phone only (accounts carry no phone a test can set): the SMS itself.
        const personFile = await open({ name: 'Koffi Yao', phone: personPhone }, 'Loyer de novembre, chambre Yopougon');
        const smsToPerson = () => sms.messages().filter((m) => m.number === personPhone);
        const debtorPushes = async () =>
          (await notificationsOf(demo, debtor.headers)).filter((n) => n.type === 'debt.reminder_push');

        // D+1 02:00 Abidjan (UTC): the step is due, the contact window is not open; the engine runs and sends nothing.
        await clockTo(demo, dayAt(dueOn, 1, 2));
        await pause(enginePeriodsMs);
        expect(smsToPerson(), 'no SMS at 02:00').toEqual([]);
        expect((await remindersOf(demo, file.id, creditor.headers)).filter((r) => r.status === 'sent')).toEqual([]);
        expect(await debtorPushes()).toEqual([]);

        // D+1 08:00: one reminder with the full amount; the person's phone gets exactly one SMS.
        await clockTo(demo, dayAt(dueOn, 1, 8));
        const first = await eventually(slowMs, async () =>
          (await remindersOf(demo, file.id, creditor.headers)).find((r) => r.status === 'sent'),
        );
        expect(first.totalDueXof).toBe(principalXof);
        const firstSms = await eventually(slowMs, async () => smsToPerson()[0]);
        expect(tight(firstSms.message)).toContain(tight(formatXof(principalXof)));
        expect(firstSms.message).toContain('Rappel figure 6.');
        const firstPush = await eventually(slowMs, async () => (await debtorPushes())[0]);
        expect(tight(firstPush.body)).toContain(tight(formatXof(principalXof)));
        await pause(enginePeriodsMs);
        expect(smsToPerson(), 'one SMS, not one per engine run').toHaveLength(1);
        expect((await remindersOf(demo, file.id, creditor.headers)).filter((r) => r.status === 'sent')).toHaveLength(1);
        // The account has no phone: its SMS attempt is logged as such, never sent elsewhere.
        expect(first.attempts.find((a) => a.channel === 'sms')?.status).toBe('skipped_no_address');

        // D+7 08:00: the e-mail, with the full amount still.
        await clockTo(demo, dayAt(dueOn, 7, 8));
        const mail = await eventually(slowMs, async () =>
          smtp.messages().find((m) => m.envelopeTo.includes(debtor.email) && m.text.includes('Relance figure 6.')),
        );
        expect(tight(mail.text)).toContain(tight(formatXof(principalXof)));
        expect(mail.text).toContain(`/mes-dettes/${file.id}`);

        // The debtor, in the portal, finds the file under « Mes dettes » and pays half from the wallet.
        const context = await phoneContext(browser, 'fr', 'light');
        const page = await context.newPage();
        await signInPortal(page, demo.url, { email: debtor.email, password: debtor.password });
        await page.goto(`${demo.url}/menu`);
        await page.getByRole('link', { name: 'Mes dettes', exact: true }).click();
        const item = page.getByTestId('debt-file').filter({ hasText: 'Loyer de novembre, studio Cocody' });
        await item.waitFor({ timeout: slowMs });
        expect(flat(await item.textContent())).toContain('Agence Figure Six');
        expect(flat(await item.textContent())).toContain('Reste 6 000 FCFA');
        violations.push(
          ...(await lightAndDark(page, '1-my-debts', (p) => p.getByTestId('debt-file').first().waitFor())),
        );
        await item.getByRole('link', { name: 'Loyer de novembre, studio Cocody' }).click();
        await page.getByRole('heading', { level: 1, name: 'Loyer de novembre, studio Cocody' }).waitFor();
        await page.getByRole('button', { name: 'Payer', exact: true }).click();
        await expect
          .poll(async () => flat(await page.getByTestId('debt-balance').textContent()), { timeout: slowMs })
          .toBe('Solde du portefeuille : 10 000 FCFA (200,00 crédits)');
        await page.getByLabel('Une partie').check();
        await page.getByLabel('Montant (FCFA)').fill('3000');
        expect(flat(await page.getByTestId('debt-pay-amount').textContent())).toBe(
          'Montant : 3 000 FCFA, soit 60,00 crédits',
        );
        await page.screenshot({ path: path.join(screenshots, '2-pay-half-light.png'), fullPage: true });
        violations.push(...(await seriousViolations(page)).map((v) => `2-pay-half: ${v}`));
        // A double tap pays once (one key per attempt).
        await page.getByRole('button', { name: 'Confirmer le paiement' }).dblclick();
        const paid = page.getByTestId('debt-paid');
        await paid.getByText(/^Il reste 3\s000\sFCFA à payer\.$/).waitFor({ timeout: slowMs });
        await paid.getByText(/^Nouveau solde du portefeuille : 7\s000\sFCFA$/).waitFor({ timeout: slowMs });
        const wallet = await call<{ availableXof: number }>(demo, 'GET', '/v1/wallet', debtor.headers);
        expect(wallet.availableXof, 'a double tap pays once').toBe(10_000 - halfXof);
        violations.push(
          ...(await lightAndDark(page, '3-file-half-paid', (p) =>
            p.getByTestId('debt-payments').getByRole('listitem').first().waitFor({ timeout: slowMs }),
          )),
        );

        // D+8 08:00: the next reminder states the other half.
        await clockTo(demo, dayAt(dueOn, 8, 8));
        const second = await eventually(slowMs, async () =>
          (await remindersOf(demo, file.id, creditor.headers)).find(
            (r) => r.status === 'sent' && r.day === isoDay(dayAt(dueOn, 8, 8)),
          ),
        );
        expect(second.totalDueXof).toBe(halfXof);
        const secondPush = await eventually(slowMs, async () =>
          (await debtorPushes()).find((n) => n.body.includes('Dernier rappel figure 6.')),
        );
        expect(tight(secondPush.body)).toContain(tight(formatXof(halfXof)));

        // The rest, in the portal: the file reads « Payé ».
        await page.reload();
        await page.getByRole('button', { name: 'Payer', exact: true }).click();
        await page.getByText(/^Tout le reste : 3\s000\sFCFA$/).waitFor({ timeout: slowMs });
        await expect
          .poll(async () => flat(await page.getByTestId('debt-balance').textContent()), { timeout: slowMs })
          .toBe('Solde du portefeuille : 7 000 FCFA (140,00 crédits)');
        await page.getByRole('button', { name: 'Confirmer le paiement' }).click();
        await page.getByTestId('debt-paid').getByText('Ce dossier est entièrement payé.').waitFor({ timeout: slowMs });
        await page.getByTestId('debt-file-status').getByText('Payé', { exact: true }).waitFor({ timeout: slowMs });
        violations.push(
          ...(await lightAndDark(page, '4-file-paid', (p) =>
            p.getByTestId('debt-file-status').getByText('Payé', { exact: true }).waitFor({ timeout: slowMs }),
          )),
        );
        await page.goto(`${demo.url}/mes-dettes`);
        await page
          .getByTestId('debt-closed')
          .getByText('Loyer de novembre, studio Cocody')
          .waitFor({ timeout: slowMs });
        violations.push(
          ...(await lightAndDark(page, '5-my-debts-closed', (p) =>
            p.getByTestId('debt-closed').getByRole('listitem').first().waitFor({ timeout: slowMs }),
          )),
        );
        const closed = await call<{ file: { status: string; leftXof: number } }>(
          demo,
          'GET',
          `/v1/debt-files/${file.id}`,
          debtor.headers,
        );
        expect([closed.file.status, closed.file.leftXof]).toEqual(['paid', 0]);

        // The creditor was told; its recovery rate over the period is 100 %; the books balance.
        const told = await eventually(slowMs, async () =>
          (await notificationsOf(demo, creditor.headers)).find((n) => n.type === 'debt.file_paid'),
        );
        expect(told.body).toContain('Loyer de novembre, studio Cocody');
        // The person's file is settled in cash before the period ends, so everything owed in it was recovered.
        await call(demo, 'POST', `/v1/debt-files/${personFile.id}/payments`, creditor.headers, {
          amountXof: principalXof,
          method: 'cash',
          reference: 'recu-fig6',
          paidOn: dayAt(dueOn, 8, 8).toISOString().slice(0, 10),
        });
        const dashboard = await call<{ recoveryRateBp: number; recoveredXof: number; newDebtXof: number }>(
          demo,
          'GET',
          `/v1/debt-collection/dashboard?from=${now.toISOString().slice(0, 10)}&to=${dayAt(dueOn, 8, 8).toISOString().slice(0, 10)}`,
          creditor.headers,
        );
        expect(dashboard).toMatchObject({
          newDebtXof: 2 * principalXof,
          recoveredXof: 2 * principalXof,
          recoveryRateBp: 10_000,
        });
        const ledger = await call<{ ok: boolean; problems: string[] }>(
          demo,
          'GET',
          '/v1/operator/ledger/check',
          demo.operator,
        );
        expect(ledger.problems).toEqual([]);
        expect(ledger.ok).toBe(true);
        expect(violations).toEqual([]);
      } catch (error) {
        // What each page showed when the journey broke, for the person reading the failure.
        const pages = browser?.contexts().flatMap((c) => c.pages()) ?? [];
        for (const [i, open] of pages.entries()) {
          await open
            .screenshot({ path: path.join(screenshots, `failure-${String(i)}.png`), fullPage: true, timeout: 15_000 })
            .catch(() => undefined);
          process.stderr.write(`failure-${String(i)}: ${open.url()}\n`);
        }
        throw error;
      } finally {
        await browser?.close();
        demo.process.kill('SIGKILL');
        await exited(demo.process);
        await sms.close();
        await smtp.close();
      }
    },
  );
});
