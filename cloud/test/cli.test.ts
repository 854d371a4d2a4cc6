// Proves the operator CLI as an operator runs it (`npx ismail`, the root package's bin):
// health, card export and verify with exit status by outcome, revocation, audit
// verification that catches an edited row, and clear failures.
import { execFile, execFileSync } from 'node:child_process';
import { createPublicKey, verify as verifySignature, type JsonWebKey } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, repoRoot } from '../../tools/test-support/processes.js';
import { requireTool } from '../../tools/test-support/system-tools.js';
import { parseCloudConfig } from '../src/config-rules.js';
import { startCloud, type RunningCloud } from '../src/server.js';
import type { InvoiceDraft } from '@ismail/shared';
import { demoAccounts } from '../src/demo/accounts.js';
import { withTransaction } from '../src/platform/db/transaction.js';
import { createDraft, issueInvoice } from '../src/modules/invoicing/invoices.js';

/** A standard QR reader (jsQR) over the pixels of a PNG. */
function decodeQrFromPng(bytes: Buffer): string | undefined {
  const png = PNG.sync.read(bytes);
  return jsQR.default(new Uint8ClampedArray(png.data), png.width, png.height)?.data;
}

// Several commands per test, each a Node process: more than the default 30 s on a loaded machine.
describe('npx ismail', { timeout: 120_000 }, () => {
  let cloud: RunningCloud;
  let dataDir: string;
  let workDir: string;

  /**
   * Async on purpose: the cloud under test runs in this process and must keep answering.
   * The bin file itself, as `npx ismail` runs it (npx's own start-up, a second or more on a
   * loaded machine, is paid once, in the help test).
   */
  function ismail(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
    return run(process.execPath, [path.join(repoRoot, 'bin', 'ismail.mjs'), '--cloud-url', cloud.url, ...args]);
  }

  function run(
    file: string,
    args: readonly string[],
  ): Promise<{ status: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      execFile(
        file,
        args,
        { cwd: repoRoot, encoding: 'utf8', timeout: 30_000, env: { ...process.env, ISMAIL_DATA_DIR: dataDir } },
        (error, stdout, stderr) => {
          resolve({ status: error === null ? 0 : typeof error.code === 'number' ? error.code : null, stdout, stderr });
        },
      );
    });
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'ismail-cli-'));
    workDir = mkdtempSync(path.join(tmpdir(), 'ismail-cli-out-'));
    const parsed = parseCloudConfig({
      CLOUD_PORT: '0',
      ISMAIL_DATA_DIR: dataDir,
      ISMAIL_DEMO: 'true',
      LOG_LEVEL: 'silent',
    });
    if (!parsed.ok) throw new Error('bad test config');
    cloud = await startCloud(parsed.values);
    // Migrating and seeding every module's demo data: ~20 s on a quiet machine, measured over 100 s under CI's load
    // (the same allowance as tools/test-support/demo-cloud).
  }, 180_000);
  afterAll(async () => {
    await cloud.stop();
  });

  it('prints help listing its commands (through npx, as the README says)', async () => {
    const result = await run('npx', ['--no-install', 'ismail', '--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Usage: npx ismail <command>');
    expect(result.stdout).toContain('card verify <jws-or-file>');
  });

  it('checks health: cloud up, hub down gives exit 1 and says which', async () => {
    const closedPort = await freePort();
    const result = await ismail('health', '--hub-url', `http://127.0.0.1:${String(closedPort)}`);
    expect(result.stdout).toMatch(/^cloud ok +http:\/\/127\.0\.0\.1:\d+ v0\.1\.0 — database ok/m);
    expect(result.stdout).toMatch(/^hub +DOWN +http:\/\/127\.0\.0\.1:\d+ — nothing is listening there/m);
    expect(result.status).toBe(1);
  });

  it('exports a demo card, verifies it (exit 0), revokes it, and verification then exits 1 with the reason', async () => {
    const listed = await ismail('account', 'list');
    expect(listed.status).toBe(0);
    const line = listed.stdout.split('\n').find((l) => l.includes('client@demo.ismail.ci'));
    const ismailId = /[A-Z]{2}\d{6}-[0-9A-Z]{4}-CL/.exec(line ?? '')?.[0];
    expect(ismailId).toBeDefined();
    const file = path.join(workDir, 'card.jws');
    expect((await ismail('card', 'export', ismailId ?? '', '--format', 'jws', '--out', file)).status).toBe(0);
    const valid = await ismail('card', 'verify', file);
    expect(valid.stdout).toMatch(new RegExp(`^VALID  ${ismailId ?? ''}  Ibrahim Ouattara  role=client`));
    expect(valid.status).toBe(0);
    const { rows } = await cloud.db.pool.query<{ id: string }>(
      "SELECT id FROM cards WHERE ismail_id = $1 AND state = 'active'",
      [ismailId],
    );
    expect((await ismail('card', 'revoke', rows[0]?.id ?? '')).status).toBe(1);
    expect((await ismail('card', 'revoke', rows[0]?.id ?? '', '--reason', 'lost at the market')).status).toBe(0);
    const refused = await ismail('card', 'verify', file);
    expect(refused.stdout).toMatch(/^REFUSED {2}REVOKED/);
    expect(refused.status).toBe(1);
  });

  it('exports PDF and PNG cards whose QR decodes to a JWS that verifies with Node crypto against the published JWKS (PDF part needs pdftoppm)', async () => {
    const pdftoppm = requireTool('pdftoppm');
    const listed = await ismail('account', 'list');
    const ismailId = /[A-Z]{2}\d{6}-[0-9A-Z]{4}-PT/.exec(listed.stdout)?.[0] ?? '';
    const pngFile = path.join(workDir, 'card.png');
    const pdfFile = path.join(workDir, 'card.pdf');
    expect((await ismail('card', 'export', ismailId, '--format', 'png', '--out', pngFile)).status).toBe(0);
    expect((await ismail('card', 'export', ismailId, '--format', 'pdf', '--out', pdfFile)).status).toBe(0);
    const fromPng = decodeQrFromPng(readFileSync(pngFile));
    execFileSync(pdftoppm, ['-r', '300', '-png', pdfFile, path.join(workDir, 'page')]);
    const page = readdirSync(workDir).find((f) => f.startsWith('page') && f.endsWith('.png')) ?? '';
    const fromPdf = decodeQrFromPng(readFileSync(path.join(workDir, page)));
    expect(fromPdf).toBe(fromPng);
    const [header, payload, signature] = (fromPng ?? '').split('.') as [string, string, string];
    const { kid } = JSON.parse(Buffer.from(header, 'base64url').toString()) as { kid: string };
    const jwks = (await (await fetch(`${cloud.url}/.well-known/jwks.json`)).json()) as {
      keys: (JsonWebKey & { kid: string })[];
    };
    const key = createPublicKey({ key: jwks.keys.find((k) => k.kid === kid) as JsonWebKey, format: 'jwk' });
    expect(
      verifySignature(
        'sha256',
        Buffer.from(`${header}.${payload}`),
        { key, dsaEncoding: 'ieee-p1363' },
        Buffer.from(signature, 'base64url'),
      ),
    ).toBe(true);
    expect(JSON.parse(Buffer.from(payload, 'base64url').toString())).toMatchObject({
      sub: ismailId,
      role: 'partner',
      typ: 'card',
    });
    const qrOnly = path.join(workDir, 'qr.png');
    expect((await ismail('card', 'export', ismailId, '--format', 'qr', '--out', qrOnly)).status).toBe(0);
    expect(decodeQrFromPng(readFileSync(qrOnly))).toBe(fromPng);
  });

  it('creates an account, then activates it with a card: the new admin gets an AD ID', async () => {
    const created = await ismail(
      'account',
      'create',
      '--profile',
      'admin',
      '--email',
      'nouvel.admin@test.ismail.ci',
      '--first-name',
      'Salif',
      '--last-name',
      'Keïta',
    );
    expect(created.status).toBe(0);
    const id = /account ([0-9a-f-]{36}) \(pending\); initial password: \S{16}/.exec(created.stdout)?.[1];
    expect(id).toBeDefined();
    expect(
      (
        await ismail(
          'account',
          'create',
          '--profile',
          'admin',
          '--email',
          'nouvel.admin@test.ismail.ci',
          '--first-name',
          'X',
          '--last-name',
          'Y',
        )
      ).stderr,
    ).toContain('CONFLICT');
    expect(
      (
        await ismail(
          'account',
          'create',
          '--profile',
          'emperor',
          '--email',
          'x@test.ismail.ci',
          '--first-name',
          'X',
          '--last-name',
          'Y',
        )
      ).status,
    ).toBe(1);
    const issued = await ismail('card', 'issue', id ?? '');
    expect(issued.status).toBe(0);
    expect((await ismail('account', 'list')).stdout).toMatch(
      new RegExp(`${id ?? ''}  admin +active +CI\\d{6}-[0-9A-Z]{4}-AD`),
    );
  });

  it('exports an issued invoice by number as PDF, XLSX, CSV and ESC/POS, and refuses an unknown number', async () => {
    const partner = demoAccounts.find((a) => a.profile === 'partner')?.id ?? '';
    const lines = [
      { label: 'Attiéké poisson', quantityMilli: 2000, unitPriceXof: 6250, taxGroup: 'CI-TVA-18', discountXof: 0 },
    ];
    const document: InvoiceDraft = {
      kind: 'invoice',
      currency: 'XOF',
      priceMode: 'tax_included',
      seller: {
        legalName: 'Maquis Demo SARL',
        taxId: '1234567A',
        taxRegime: 'RSI',
        address: 'Plateau, Abidjan',
        country: 'CI',
      },
      buyer: { kind: 'B2C' },
      lines,
      payments: [{ method: 'cash', amountXof: 12_500 }],
    };
    const issued = await withTransaction(cloud.db.pool, async (client) => {
      const draft = await createDraft(client, {
        issuerAccountId: partner,
        register: 'cli-test',
        document,
        createdBy: 'test',
      });
      return issueInvoice(client, draft.id, { label: 'test', place: 'test' });
    });
    const dir = mkdtempSync(path.join(tmpdir(), 'ismail-cli-invoice-'));
    const magic: Record<string, string> = { pdf: '%PDF', xlsx: 'PK', csv: '\ufeffnumero', escpos: '\u001b@' };
    for (const format of ['pdf', 'xlsx', 'csv', 'escpos']) {
      const out = path.join(dir, `invoice.${format}`);
      const result = await ismail('invoice', 'export', issued.number ?? '', '--format', format, '--out', out);
      expect(result.status, result.stderr).toBe(0);
      expect(
        readFileSync(out)
          .toString('utf8')
          .startsWith(magic[format] ?? '?'),
        format,
      ).toBe(true);
    }
    const pdfText = execFileSync('pdftotext', [path.join(dir, 'invoice.pdf'), '-']).toString('utf8');
    expect(pdfText).toContain('12 500 FCFA');
    const missing = await ismail(
      'invoice',
      'export',
      'F-NOPE-2026-000001',
      '--format',
      'pdf',
      '--out',
      path.join(dir, 'x.pdf'),
    );
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('NOT_FOUND');
  });

  it('seals a finished month into the archive once and verifies it against the database; refuses the current month', async () => {
    const sealed = await ismail('invoice', 'archive', '2026-01');
    expect(sealed.status, sealed.stderr).toBe(0);
    expect(sealed.stdout).toMatch(/^sealed: 0 invoices of 2026-01, kept until 2036-12-31/);
    expect((await ismail('invoice', 'archive', '2026-01')).stdout).toMatch(/^already sealed/);
    const verified = await ismail('invoice', 'archive-verify', '2026-01');
    expect(verified.status, verified.stderr).toBe(0);
    expect(verified.stdout).toContain('matches the database');
    const current = await ismail('invoice', 'archive', new Date().toISOString().slice(0, 7));
    expect(current.status).toBe(1);
    expect(current.stderr).toMatch(/not over|wait for the tax authority/);
  });

  it('registers a hub and prints its one-time pairing code, then lists it', async () => {
    const partner = demoAccounts.find((a) => a.profile === 'partner')?.id ?? '';
    const registered = await ismail('hub', 'register', partner, 'Caisse', 'Plateau');
    expect(registered.status, registered.stderr).toBe(0);
    expect(registered.stdout).toMatch(/^hub [0-9a-f-]{36} registered; pairing code [A-Z2-9]{10} \(single use, until /);
    const listed = await ismail('hub', 'list');
    expect(listed.stdout).toMatch(/pending +Caisse Plateau +applied up to 0, last seen never/);
    const usage = await ismail('hub', 'register');
    expect(usage.status).toBe(1);
    expect(usage.stderr).toContain('usage: ismail hub register');
  });

  it('ledger check passes after the demo wallet data and prints the totals, then fails on an edited transfer', async () => {
    const clean = await ismail('ledger', 'check');
    expect(clean.stdout).toMatch(/^ledger OK: \d+ accounts, [1-9]\d* operations, \d+ transfers/);
    expect(clean.stdout).toMatch(/sum of all balances +0\.00 credits/);
    // The demo wallet's booking hold, and the demo shop's pending order and held stay.
    expect(clean.stdout).toMatch(/pending holds +3 open, [\d ]+\.\d\d credits held/);
    expect(clean.stdout).toMatch(/wallet +\d/);
    expect(clean.status).toBe(0);
    await cloud.db.pool.query('ALTER TABLE ledger_transfers DISABLE TRIGGER ledger_transfers_immutable');
    await cloud.db.pool.query("UPDATE ledger_transfers SET amount = amount * 2 WHERE leg = 'bonus'");
    await cloud.db.pool.query('ALTER TABLE ledger_transfers ENABLE TRIGGER ledger_transfers_immutable');
    const broken = await ismail('ledger', 'check');
    expect(broken.stdout).toMatch(/^ledger BROKEN/);
    expect(broken.stdout).toContain('PROBLEM: wallet:');
    expect(broken.status).toBe(1);
  });

  it('audit verify passes on a fresh database and fails after a row is edited', async () => {
    const clean = await ismail('audit', 'verify');
    expect(clean.stdout).toMatch(/^audit log OK: \d+ entries/);
    expect(clean.status).toBe(0);
    await cloud.db.pool.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
    await cloud.db.pool.query("UPDATE audit_log SET actor_label = 'somebody else' WHERE seq = 2");
    await cloud.db.pool.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
    const broken = await ismail('audit', 'verify');
    expect(broken.stdout).toMatch(/^audit log BROKEN at entry 2: content does not match its hash/);
    expect(broken.status).toBe(1);
  });

  it('refuses operator commands with a wrong token, and bad usage with exit 2', async () => {
    const wrong = await ismail('audit', 'verify', '--operator-token', 'not-the-token');
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain('UNAUTHENTICATED');
    expect((await ismail('launch-rockets')).status).toBe(2);
    const bad = await ismail('health', '--timeout-ms', 'soon');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--timeout-ms must be an integer');
    const notACard = await ismail('card', 'verify', '/nonexistent/file');
    expect(notACard.status).toBe(1);
    expect(notACard.stderr).toContain('neither a card code');
  });
});
