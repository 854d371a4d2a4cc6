// Proves, in a real browser against a real cloud, hub and simulated printer, that closing
// the drawer no longer jams the printer (issue 19): after sales numbered with the hub's real
// register id the Z report prints within 48 columns with its invoice range, the next drawer's
// first ticket prints; a ticket the printer cuts three times with the printer there is set
// aside, the État screen names the printer, the reason and a manager's Retry / Cancel /
// Reprint, and Reprint puts a DUPLICATA on paper. Screenshots go to
// renderer/.test-output/screenshots (ignored by git) for a person to look at.
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { startDemoCloud } from '../../tools/test-support/demo-cloud.js';
import { exited, freePort, until, waitForHttp } from '../../tools/test-support/processes.js';
import { cloudDatabases } from '../../tools/test-support/test-databases.js';
import {
  chromiumPath,
  launchChromium,
  pairWithPrinter,
  screenshots,
  startHub,
  startSimulators,
  untilSynced,
} from './support/counter-stack.js';

const password = 'demo-ismail-2026';
/** Columns of font A on 80 mm paper: every ticket line must fit, or the printer wraps it. */
const columns = 48;
/** The hub's real invoice numbers: F-H, the register id (8 hex), the year, the sequence. */
const invoicePattern = /^F-H[0-9A-F]{8}-\d{4}-\d{6}$/;
/** Cuts each ticket this far in: past the status requests (3 bytes), well before a ticket's end. */
const cutAfterBytes = 120;
const printerName = 'Ticket comptoir';

/** One line of the simulator's jobs.jsonl. */
interface SimJob {
  readonly id: number;
  readonly outcome: 'printed' | 'interrupted' | 'not-printed';
  readonly text: string;
  readonly wrappedLines: number;
}

describe.each(cloudDatabases)(
  'drawer close and stuck printer in Chromium (real cloud, hub and printer simulator) on $name',
  (database) => {
    it(
      'prints the Z report within 48 columns, the next drawer’s ticket, and a manager reprints a ticket set aside',
      { timeout: 240_000 },
      async () => {
        expect(
          existsSync(chromiumPath),
          `Chromium is needed at ${chromiumPath} (Debian package "chromium"; .ci/run installs it)`,
        ).toBe(true);
        mkdirSync(screenshots, { recursive: true });
        const root = mkdtempSync(path.join(tmpdir(), 'ismail-e2e-drawer-'));
        const demo = await startDemoCloud(root, database);
        const [printerPort = 0, controlPort = 0] = await Promise.all([freePort(), freePort()]);
        const sim = await startSimulators(root, {
          PRINTER_SIM_PORT: String(printerPort),
          PRINTER_SIM_CONTROL_PORT: String(controlPort),
        });
        const { hub, hubUrl } = await startHub(root, demo.url);
        const faultsUrl = `http://127.0.0.1:${String(controlPort)}/faults`;
        const setFaults = async (faults: Record<string, unknown>): Promise<void> => {
          const answer = await fetch(faultsUrl, {
            method: 'PUT',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(faults),
            signal: AbortSignal.timeout(5_000),
          });
          expect(answer.status, await answer.text()).toBe(200);
        };
        const jobsFile = path.join(root, 'sim', 'firmware-sim', 'printer-jobs', 'jobs.jsonl');
        const simJobs = (): SimJob[] =>
          existsSync(jobsFile)
            ? readFileSync(jobsFile, 'utf8')
                .split('\n')
                .filter((line) => line !== '')
                .map((line) => JSON.parse(line) as SimJob)
            : [];
        /** The first job after `afterId` the printer put on paper whole and that `wanted` accepts. */
        const printedJob = async (
          afterId: number,
          wanted: (job: SimJob) => boolean,
          timeoutMs = 20_000,
        ): Promise<SimJob | undefined> =>
          (
            await until(
              () =>
                Promise.resolve(
                  simJobs().filter((job) => job.id > afterId && job.outcome === 'printed' && wanted(job)),
                ),
              (jobs) => jobs.length > 0,
              timeoutMs,
            )
          )[0];
        const lastJobId = (): number => simJobs().at(-1)?.id ?? 0;
        /**
         * Lines past the paper's 48 columns, or wrapped by the printer (a QR code's placeholder "[QR: url]" is not text
         * on paper).
         */
        const overWide = (job: SimJob | undefined): string[] => [
          ...(job?.text ?? '').split('\n').filter((line) => !line.startsWith('[QR: ') && [...line].length > columns),
          ...Array.from({ length: job?.wrappedLines ?? 0 }, () => '(a line the printer wrapped)'),
        ];

        let browser: Browser | undefined;
        try {
          await Promise.all([waitForHttp(`${hubUrl}/health`, 15_000), waitForHttp(faultsUrl, 15_000)]);
          const registered = await demo.registerHub('Caisse Plateau');
          await pairWithPrinter(root, hubUrl, registered, { name: printerName, port: printerPort });
          await untilSynced(hubUrl, false);

          browser = await launchChromium();
          const cashier: Page = await (
            await browser.newContext({ viewport: { width: 1280, height: 860 }, colorScheme: 'light', locale: 'fr-FR' })
          ).newPage();
          const shot = (page: Page, name: string) =>
            page.screenshot({ path: path.join(screenshots, `${name}.png`), fullPage: true });
          const notice = cashier.getByTestId('notice');
          const signIn = async (page: Page, email: string): Promise<void> => {
            await page.goto(hubUrl);
            await page.getByLabel('Adresse e-mail').fill(email);
            await page.getByLabel('Mot de passe').fill(password);
            await page.keyboard.press('Enter');
            await page.getByRole('navigation').waitFor({ timeout: 15_000 });
          };
          const openDrawer = async (): Promise<void> => {
            await cashier.keyboard.press('Alt+5');
            await cashier.getByLabel('Fonds de caisse (FCFA)').fill('10000');
            await cashier.keyboard.press('Enter');
            await expect.poll(async () => notice.textContent(), { timeout: 10_000 }).toContain('ouverte');
          };
          /** A cash sale of one scanned article (F9); its invoice number, once its ticket is on paper. */
          const sellOne = async (printed: boolean, screenshot?: string): Promise<string> => {
            await cashier.keyboard.press('Alt+1');
            const entry = cashier.getByLabel('Scanner un article ou la carte du client, ou rechercher');
            await entry.focus();
            await cashier.keyboard.type('6111234567895');
            await cashier.keyboard.press('Enter');
            await expect
              .poll(async () => cashier.getByTestId('sell-total').textContent(), { timeout: 10_000 })
              .toMatch(/[1-9]/);
            if (screenshot !== undefined) await shot(cashier, screenshot);
            const before = lastJobId();
            await cashier.keyboard.press('F9');
            await expect.poll(async () => notice.textContent(), { timeout: 15_000 }).toContain('Vente enregistrée');
            const invoice = /facture (\S+),/.exec((await notice.textContent()) ?? '')?.[1] ?? '';
            expect(invoice).toMatch(invoicePattern);
            if (printed) {
              const ticket = await printedJob(before, (job) => job.text.includes(invoice));
              expect(ticket, `the ticket of ${invoice} on paper`).toBeDefined();
              expect(overWide(ticket)).toEqual([]);
            }
            return invoice;
          };

          // 1. A drawer with two sales, closed at the Caisse screen: the Z report prints within 48 columns.
          await signIn(cashier, 'caisse@demo.ismail.ci');
          await openDrawer();
          const first = await sellOne(true);
          const second = await sellOne(true, '10-tiroir-vente');
          expect(second.slice(0, -6)).toBe(first.slice(0, -6));
          await cashier.keyboard.press('Alt+5');
          // The cashier counts what the drawer should hold (the screen shows it), so the report balances.
          const expected = ((await cashier.getByTestId('z-figures').locator('strong').textContent()) ?? '').replace(
            /\D/g,
            '',
          );
          expect(Number(expected)).toBeGreaterThan(10_000);
          await cashier.getByLabel('Espèces comptées (FCFA)').fill(expected);
          const beforeZ = lastJobId();
          await cashier.getByRole('button', { name: 'Clôturer et imprimer le rapport Z' }).click();
          // Closing is final: the screen may ask once more (its button named for what it does).
          const confirm = cashier.getByRole('button', { name: 'Oui, clôturer la caisse' });
          const report = cashier.getByTestId('z-report');
          await report.or(confirm).first().waitFor({ timeout: 10_000 });
          if (await confirm.isVisible()) await confirm.click();
          await report.waitFor({ timeout: 10_000 });
          await expect.poll(async () => notice.textContent(), { timeout: 10_000 }).toContain('clôturée');
          const z = await printedJob(beforeZ, (job) => job.text.includes('RAPPORT Z'));
          expect(z, 'the Z report on paper').toBeDefined();
          expect(overWide(z)).toEqual([]);
          const zLines = (z?.text ?? '').split('\n');
          // The range "Factures : <first> à <last>" (49 columns with this register id) is there, its numbers whole.
          const rangeAt = zLines.findIndex((line) => line.startsWith('Factures'));
          expect(rangeAt, z?.text).toBeGreaterThanOrEqual(0);
          const range = zLines.slice(rangeAt, rangeAt + 3).join('\n');
          expect(range).toContain(first);
          expect(range).toContain(second);
          await shot(cashier, '11-caisse-cloturee');

          // 2. The next drawer: its first ticket prints.
          await cashier.getByLabel('Fonds de caisse (FCFA)').fill('10000');
          await cashier.keyboard.press('Enter');
          await expect.poll(async () => notice.textContent(), { timeout: 10_000 }).toContain('ouverte');
          const third = await sellOne(true);
          expect(third.slice(0, -6)).toBe(first.slice(0, -6));

          // 3. The printer cuts every job mid-way while it answers its status: after 3 cuts the hub sets the ticket
          // aside.
          await setFaults({ dropAfterBytes: cutAfterBytes });
          const stuck = await sellOne(false);
          const failedJob = cashier.getByTestId('failed-print-job');
          await failedJob.filter({ hasText: stuck }).waitFor({ timeout: 40_000 });
          expect(simJobs().filter((job) => job.outcome === 'interrupted').length).toBeGreaterThanOrEqual(3);
          // The sale's notice turns from "recorded" to an error about that sale's ticket as soon as it is set aside.
          await expect
            .poll(async () => notice.textContent(), { timeout: 10_000 })
            .toContain(`facture ${stuck}, mais son ticket n’a pas été imprimé`);
          // A cashier is told to call a manager; the printer is healed meanwhile.
          await expect.poll(async () => failedJob.textContent()).toContain('Appelez un responsable');
          await shot(cashier, '12-vente-imprimante-bloquee');
          await setFaults({ dropAfterBytes: null });

          // The manager at the État screen: the printer by name, the reason, the three actions.
          const managerContext = await browser.newContext({
            viewport: { width: 1280, height: 860 },
            colorScheme: 'light',
            locale: 'fr-FR',
          });
          const manager = await managerContext.newPage();
          await signIn(manager, 'partenaire@demo.ismail.ci');
          await manager.keyboard.press('Alt+6');
          await manager.getByRole('heading', { name: 'État du guichet' }).waitFor();
          const printerState = manager.getByTestId('printer-state').filter({ hasText: printerName });
          await printerState.waitFor({ timeout: 10_000 });
          const failed = printerState.getByTestId('failed-print-job').filter({ hasText: stuck });
          // The ticket by a person's name, what happened and what to do in French, the technical reason kept in a small
          // line.
          await expect
            .poll(async () => failed.textContent(), { timeout: 10_000 })
            .toMatch(/REPEATED_FAILURE.*PRINTER_CONNECTION_LOST/);
          expect(await failed.textContent()).toContain(`Ticket de la facture ${stuck}`);
          expect(await failed.textContent()).toContain('L’imprimante a coupé la connexion 3 fois pendant ce ticket');
          // The printer answers but holds a ticket set aside: its card says so, not "Prête".
          expect(await printerState.locator('> p').textContent()).toContain('Tickets en échec');
          expect(await printerState.locator('> p').textContent()).not.toContain('Prête');
          // Each button's name says what it does to which ticket.
          const named = (action: string): RegExp => new RegExp(`^${action} : Ticket de la facture ${stuck}$`);
          const retry = manager.getByRole('button', { name: named('Réessayer d’imprimer') });
          const cancel = manager.getByRole('button', { name: named('Annuler l’impression') });
          const reprint = manager.getByRole('button', { name: named('Réimprimer en duplicata') });
          for (const button of [retry, cancel, reprint]) expect(await button.isVisible()).toBe(true);
          await shot(manager, '13-etat-imprimante-bloquee');
          await manager.getByRole('button', { name: 'Changer de thème' }).click();
          await shot(manager, '14-etat-imprimante-bloquee-sombre');
          await manager.setViewportSize({ width: 360, height: 780 });
          await shot(manager, '15-etat-imprimante-bloquee-360');
          // Nothing widens the page past a 360 px screen (long reason codes wrap), and the buttons stay whole (44 px
          // targets).
          expect(await manager.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
          for (const button of [retry, cancel, reprint]) {
            const box = await button.boundingBox();
            expect(box?.height ?? 0).toBeGreaterThanOrEqual(44);
            expect((box?.x ?? -1) >= 0 && (box?.x ?? 0) + (box?.width ?? 0) <= 360).toBe(true);
          }
          await manager.getByRole('button', { name: 'Changer de thème' }).click();
          await manager.setViewportSize({ width: 1280, height: 860 });

          // Reprint: the copy comes out marked DUPLICATA, and the ticket leaves the list.
          const beforeReprint = lastJobId();
          await reprint.click();
          await expect
            .poll(async () => manager.getByTestId('notice').textContent(), { timeout: 10_000 })
            .toContain('duplicata');
          const copy = await printedJob(beforeReprint, (job) => job.text.includes(stuck));
          expect(copy, `the copy of ${stuck} on paper`).toBeDefined();
          // The cut retries went out as DUPLICATA 1: the manager's reprint is the next copy, never a second "1".
          expect(copy?.text).toContain('DUPLICATA 2');
          expect(overWide(copy)).toEqual([]);
          await failed.waitFor({ state: 'detached', timeout: 10_000 });

          await manager.keyboard.press('Alt+4');
          await manager.getByRole('button', { name: stuck }).waitFor({ timeout: 10_000 });
          await shot(manager, '16-factures');
        } catch (error) {
          // What each screen showed when it failed, for whoever reads the CI log.
          const pages = browser?.contexts().flatMap((c) => c.pages()) ?? [];
          await Promise.all(
            pages.map((page, i) =>
              page
                .screenshot({ path: path.join(screenshots, `failure-drawer-${String(i)}.png`), fullPage: true })
                .catch(() => undefined),
            ),
          );
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
