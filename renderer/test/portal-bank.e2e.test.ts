// Bank reconciliation in Debian's Chromium on a 360x640 phone, against a real cloud (its built dist, demo data) on one
// database: the demo partner imports a camt.053 statement (two lines), disputes a line with a reason, finds it under
// « En litige », reopens it (the cloud reads it open again); then a CSV from a bank with no saved mapping asks for its
// columns, offered from the file's first line, and imports once they are saved. Photographed light and dark and
// axe-checked (renderer/.test-output/screenshots/portal/bank).
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { startDemoCloud } from '../../tools/test-support/demo-cloud.js';
import { exited } from '../../tools/test-support/processes.js';
import { cloudDatabases } from '../../tools/test-support/test-databases.js';
import { phoneContext, privatePortalCopy, seriousViolations, signInPortal } from './portal-browser.js';
import { demoPassword, signIn } from './portal-services-setup.js';

const chromiumPath = process.env.ISMAIL_CHROMIUM ?? '/usr/bin/chromium';
const here = path.dirname(fileURLToPath(import.meta.url));
const screenshots = path.resolve(here, '..', '.test-output', 'screenshots', 'portal', 'bank');
const portalBuilt = path.resolve(here, '..', 'dist', 'portal', 'index.html');
const slowMs = 90_000;
const database = cloudDatabases.at(-1);
const partnerEmail = 'partenaire@demo.ismail.ci';

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
  return found;
}

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/** Two credits on a camt.053.001.02 statement (the shape banks of the UEMOA zone export). */
function camt(tag: string): string {
  const entry = (amount: number, ref: string, name: string, label: string, booked: string) =>
    `<Ntry><Amt Ccy="XOF">${String(amount)}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
      <BookgDt><Dt>${booked}</Dt></BookgDt><NtryDtls><TxDtls><Refs><EndToEndId>${ref}</EndToEndId></Refs>
      <RltdPties><Dbtr><Nm>${name}</Nm></Dbtr></RltdPties><RmtInf><Ustrd>${label}</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>`;
  const bal = (code: string, value: number) =>
    `<Bal><Tp><CdOrPrtry><Cd>${code}</Cd></CdOrPrtry></Tp><Amt Ccy="XOF">${String(value)}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>${day(-1)}</Dt></Dt></Bal>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>
<GrpHdr><MsgId>STMT-${tag}</MsgId><CreDtTm>${day(0)}T08:00:00</CreDtTm></GrpHdr>
<Stmt><Id>${tag}</Id><Acct><Id><IBAN>CI93CI0080111301134291200589</IBAN></Id><Ccy>XOF</Ccy></Acct>
${bal('OPBD', 1_000_000)}${bal('CLBD', 1_137_500)}
${entry(125_000, `VIR-${tag}-1`, 'Kouassi Aya', 'Virement loyer décembre', day(-3))}
${entry(12_500, `VIR-${tag}-2`, 'Ets Bamba', 'Règlement facture', day(-2))}
</Stmt></BkToCstmrStmt></Document>`;
}

describe('a partner’s bank reconciliation in Chromium (real cloud)', () => {
  it(
    'camt.053 imported, a line disputed then reopened, a CSV mapped once and imported',
    { timeout: 900_000 },
    async () => {
      expect(database, 'a test database').toBeDefined();
      if (database === undefined) return;
      expect(existsSync(chromiumPath), `Chromium is needed at ${chromiumPath}`).toBe(true);
      expect(existsSync(portalBuilt), 'the portal is built by `npm run build -w renderer`').toBe(true);
      mkdirSync(screenshots, { recursive: true });
      const root = mkdtempSync(path.join(tmpdir(), 'ismail-portal-bank-'));
      const demo = await startDemoCloud(root, database, { PORTAL_DIR: privatePortalCopy(portalBuilt, root) });
      let browser: Browser | undefined;
      try {
        browser = await chromium.launch({
          executablePath: chromiumPath,
          args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
        });
        const violations: string[] = [];
        const context = await phoneContext(browser, 'fr', 'light');
        const page = await context.newPage();
        await signInPortal(page, demo.url, { email: partnerEmail, password: demoPassword });
        const asPartner = await signIn(demo, partnerEmail, demoPassword);
        const tag = randomUUID().slice(0, 8);

        // A camt.053 statement: chosen, its format recognised, imported; its page opens with its two open lines.
        await page.goto(`${demo.url}/menu`);
        await page.getByRole('link', { name: 'Rapprochement bancaire', exact: true }).click();
        await page.getByRole('heading', { name: 'Rapprochement bancaire', level: 1 }).waitFor({ timeout: slowMs });
        await page.getByLabel('Fichier du relevé (XML camt.053 ou CSV, 5 Mo au plus)').setInputFiles({
          name: 'releve-decembre.xml',
          mimeType: 'application/xml',
          buffer: Buffer.from(camt(tag)),
        });
        await page.getByRole('button', { name: 'Importer le relevé' }).click();
        await page.waitForURL('**/rapprochement/*-*', { timeout: slowMs });
        const statementId = page.url().split('/').at(-1) ?? '';
        const lines = page.getByTestId('lines');
        await lines.waitFor({ timeout: slowMs });
        expect(await lines.locator(':scope > li').count()).toBe(2);
        violations.push(
          ...(await lightAndDark(page, '2-statement', (p) => p.getByTestId('lines').waitFor({ timeout: slowMs }))),
        );

        // The 12 500 FCFA line disputed with a reason, found under « En litige », then reopened.
        const small = lines.locator(':scope > li').filter({ hasText: 'Ets Bamba' });
        await small.getByText('Litige', { exact: true }).click();
        await small.getByLabel('Motif du litige').fill('Montant inconnu : aucune facture de 12 500 FCFA ce mois-ci');
        await small.getByRole('button', { name: 'Signaler le litige' }).click();
        await expect.poll(() => lines.locator(':scope > li').count(), { timeout: slowMs }).toBe(1);
        await page.getByLabel('Lignes à afficher').selectOption('disputed');
        const disputed = page.getByTestId('lines').locator(':scope > li').filter({ hasText: 'Ets Bamba' });
        await disputed.getByText('Motif du litige : Montant inconnu').waitFor({ timeout: slowMs });
        await disputed.getByText('Historique de la ligne').click();
        await page.screenshot({ path: path.join(screenshots, '3-disputed.png'), fullPage: true });
        violations.push(...(await seriousViolations(page)).map((v) => `3-disputed: ${v}`));
        await disputed.getByRole('button', { name: 'Rouvrir' }).click();
        await page.getByText('Aucune ligne avec ce statut.').waitFor({ timeout: slowMs });
        const read = (await (
          await fetch(`${demo.url}/v1/bank/statements/${statementId}`, { headers: asPartner })
        ).json()) as { lines: { counterpartyName: string; status: string }[] };
        expect(read.lines.map((l) => l.status)).toEqual(['open', 'open']);

        // A CSV from a bank with no saved mapping: its columns asked once, then imported.
        await page.getByRole('link', { name: '← Tous les relevés' }).click();
        await page.getByTestId('statements').waitFor({ timeout: slowMs });
        const csv = [
          'Date opération;Libellé;Référence;Tiers;Débit;Crédit',
          `${day(-2).split('-').reverse().join('/')};Virement reçu;CSV-${tag};Konan Yao;;45 000,00`,
        ].join('\n');
        await page.getByLabel('Fichier du relevé (XML camt.053 ou CSV, 5 Mo au plus)').setInputFiles({
          name: 'releve.csv',
          mimeType: 'text/csv',
          buffer: Buffer.from(csv),
        });
        await page.getByLabel('Nom de la banque').fill(`Banque ${tag}`);
        await page.getByLabel('Colonne de la date').selectOption('Date opération');
        await page.getByLabel('Ou colonne des débits').selectOption('Débit');
        await page.getByLabel('Et colonne des crédits').selectOption('Crédit');
        await page.getByLabel('Colonne de la référence').selectOption('Référence');
        await page.getByLabel('Colonne du nom du payeur').selectOption('Tiers');
        await page.getByLabel('Colonne du libellé').selectOption('Libellé');
        await page.screenshot({ path: path.join(screenshots, '4-mapping.png'), fullPage: true });
        violations.push(...(await seriousViolations(page)).map((v) => `4-mapping: ${v}`));
        await page.getByRole('button', { name: 'Enregistrer les colonnes' }).click();
        await page.getByText('Les colonnes de cette banque sont déjà connues.').waitFor({ timeout: slowMs });
        await page.getByRole('button', { name: 'Importer le relevé' }).click();
        await page.waitForURL((url) => url.pathname !== '/rapprochement', { timeout: slowMs });
        await page.getByTestId('lines').getByText('Konan Yao').waitFor({ timeout: slowMs });

        await page.getByRole('link', { name: '← Tous les relevés' }).click();
        violations.push(
          ...(await lightAndDark(page, '1-statements', (p) =>
            p.getByTestId('statements').waitFor({ timeout: slowMs }),
          )),
        );
        expect(await page.getByTestId('statements').locator(':scope > li').count()).toBe(2);
        expect(violations).toEqual([]);
      } finally {
        await browser?.close();
        demo.process.kill('SIGKILL');
        await exited(demo.process);
      }
    },
  );
});
