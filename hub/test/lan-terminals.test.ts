// Several registers on one hub (issue 28.1), in-process over a real SQLite file and real
// sockets: the terminals listener answers HTTPS on this machine's LAN address with a
// certificate Node verifies against the hub CA (and plain HTTP there gets no answer); an
// unpaired client gets only the app's page and the refusal; a pairing code works once, not
// after it expired, and wrong guesses are rate-limited; a staff session is valid only on the
// terminal it was opened on; two terminals selling the last unit at once: one sale, one
// refusal in French (CONFLICT, OUT_OF_STOCK); each terminal numbers its invoices gaplessly in its own series; a
// revoked terminal is refused at its next request and its sessions end.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { networkInterfaces } from 'node:os';
import path from 'node:path';
import { exportJWK, generateKeyPair, type JSONWebKeySet } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signHubPolicy, type HubPolicy } from '@ismail/shared';
import { CredentialStore } from '../src/sync/credentials.js';
import { inProcessHub, type InProcessHub } from './support/in-process-hub.js';

const hubId = '00000000-0000-4000-8000-0000000000a1';
const partnerId = '00000000-0000-4000-8000-0000000000b2';
const lastUnit = '00000000-0000-4000-8000-0000000000c3';
const plenty = '00000000-0000-4000-8000-0000000000c4';
const cashierA = '00000000-0000-4000-8000-00000000000a';
const cashierB = '00000000-0000-4000-8000-00000000000b';
const year = new Date().getUTCFullYear();

/** This machine's first non-loopback IPv4 address (the test's "shop LAN"). */
const lanAddress = Object.values(networkInterfaces())
  .flat()
  .find((a) => a !== undefined && !a.internal && a.family === 'IPv4')?.address;

interface Answer {
  status: number;
  body: { error?: { code: string; message: string; details?: { path: string; problem: string }[] } } & Record<
    string,
    unknown
  >;
  headers: Record<string, string | string[] | undefined>;
}

describe('terminals on the shop LAN (HTTPS from the hub CA, pairing, per-terminal sessions, stock)', () => {
  let hub: InProcessHub;
  let ca: string;
  let lanPort: number;
  const admin = { authorization: '' };

  /** A request over HTTPS to the LAN address, the chain checked against the hub CA only (no other trust). */
  const lan = (
    method: string,
    route: string,
    options: { terminal?: string; session?: string; body?: unknown } = {},
  ): Promise<Answer> =>
    new Promise((resolve, reject) => {
      const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
      const req = httpsRequest(
        {
          host: lanAddress,
          port: lanPort,
          path: route,
          method,
          ca,
          headers: {
            ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
            ...(options.terminal === undefined ? {} : { 'x-ismail-terminal': options.terminal }),
            ...(options.session === undefined ? {} : { authorization: `Bearer ${options.session}` }),
          },
          timeout: 10_000,
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => {
            let body: Answer['body'] = {};
            try {
              body = JSON.parse(text) as Answer['body'];
            } catch {
              body = { text };
            }
            resolve({ status: res.statusCode ?? 0, body, headers: res.headers });
          });
        },
      );
      req.on('error', reject);
      req.end(payload);
    });

  const pairingCode = async (): Promise<string> => {
    const made = await hub.app.inject({ method: 'POST', url: '/api/v1/terminals/pairing-codes', headers: admin });
    expect(made.statusCode, made.body).toBe(201);
    return made.json<{ code: string }>().code;
  };
  const pair = async (label: string): Promise<{ token: string; number: number; id: string }> => {
    const paired = await lan('POST', '/api/v1/terminals/pair', { body: { code: await pairingCode(), label } });
    expect(paired.status, JSON.stringify(paired.body)).toBe(200);
    const terminal = paired.body.terminal as { id: string; number: number };
    return { token: paired.body.token as string, number: terminal.number, id: terminal.id };
  };
  /** A staff session as a sign-in on that screen leaves it (the real sign-in through the cloud: the browser test). */
  const session = (accountId: string, terminalId: string | null, role: 'cashier' | 'manager' = 'cashier'): string => {
    const token = randomBytes(32).toString('base64url');
    const now = new Date();
    hub.db
      .prepare(
        "INSERT INTO staff_sessions (token_hash, account_id, name, role, mode, started_at, expires_at, terminal_id) VALUES (?, ?, 'Awa', ?, 'online', ?, ?, ?)",
      )
      .run(
        createHash('sha256').update(token).digest('hex'),
        accountId,
        role,
        now.toISOString(),
        new Date(now.getTime() + 3_600_000).toISOString(),
        terminalId,
      );
    return token;
  };
  const sale = (productId: string, terminal: string, staff: string): Promise<Answer> =>
    lan('POST', '/api/v1/sales', {
      terminal,
      session: staff,
      body: {
        saleId: `S-${randomUUID().slice(0, 8)}`,
        items: [{ productId, quantity: 1 }],
        payment: { method: 'cash' },
      },
    });

  beforeEach(async () => {
    expect(lanAddress, 'this test needs a non-loopback IPv4 address on this machine').toBeDefined();
    hub = await inProcessHub('ismail-lan-', {
      adminToken: 'a'.repeat(43),
      cloudUrl: 'http://127.0.0.1:9',
      lan: { host: lanAddress ?? '', port: 0 },
    });
    admin.authorization = `Bearer ${'a'.repeat(43)}`;
    const url = hub.app.lanUrl();
    expect(url).toMatch(/^https:\/\//);
    lanPort = Number(new URL(url ?? '').port);
    ca = readFileSync(path.join(hub.dir, 'iot', 'ca-cert.pem'), 'utf8');
    // Paired with a cloud that does not answer; its signed policy (key trusted as the card keys are), the catalog, an
    // open drawer.
    new CredentialStore(hub.dir).save({ hubId, partnerId, token: 't'.repeat(40), cloudUrl: 'http://127.0.0.1:9' });
    const pairKeys = await generateKeyPair('ES256', { extractable: true });
    const jwks: JSONWebKeySet = {
      keys: [{ ...(await exportJWK(pairKeys.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' }],
    };
    const nowS = Math.floor(Date.now() / 1000);
    const now = new Date().toISOString();
    hub.db
      .prepare('INSERT INTO card_trust (name, body, issued_at_s, fetched_at) VALUES (?, ?, ?, ?)')
      .run('jwks', JSON.stringify(jwks), null, now);
    const policy: HubPolicy = {
      v: 1,
      hub: hubId,
      partner: partnerId,
      iat: nowS - 60,
      exp: nowS + 86_400,
      register: 'HTEST0001',
      seller: {
        legalName: 'Boutique Chez Adjoua',
        taxId: '2600042A',
        taxRegime: 'RSI',
        address: 'Cocody',
        country: 'CI',
      },
      xofPerCredit: 50,
      staff: [cashierA, cashierB],
      offline: {
        perTransactionCentiCredits: 30_000,
        perWalletPerDayCentiCredits: 50_000,
        perHubPerDayCentiCredits: 70_000,
        cashTopUpPerDayXof: 25_000,
        version: 3,
      },
    };
    hub.db
      .prepare('INSERT INTO hub_policy (id, token, issued_at_s, fetched_at) VALUES (1, ?, ?, ?)')
      .run(await signHubPolicy(policy, { kid: 'k1', privateKey: pairKeys.privateKey }), policy.iat, now);
    for (const [id, name] of [
      [lastUnit, 'Pagne wax'],
      [plenty, 'Savon'],
    ] as const)
      hub.db
        .prepare(
          "INSERT INTO catalog_products (id, name, category, kind, barcode, price_xof, tax_group, active) VALUES (?, ?, 'textile', 'physical', NULL, 12500, 'CI-TVA-18', 1)",
        )
        .run(id, name);
    const opened = await hub.app.inject({
      method: 'POST',
      url: '/api/v1/cash-sessions',
      headers: admin,
      payload: { floatXof: 0 },
    });
    expect(opened.statusCode, opened.body).toBe(201);
  });
  afterEach(async () => {
    await hub.app.close();
    hub.db.close();
  });

  it('answers HTTPS with the hub CA’s certificate for the LAN address, and plain HTTP there not at all', async () => {
    const page = await lan('GET', '/');
    expect(page.status).toBe(200);
    // The same CA, but a name the certificate does not carry: refused by Node's own check.
    await expect(
      new Promise((resolve, reject) => {
        const req = httpsRequest(
          { host: lanAddress, port: lanPort, path: '/', ca, servername: 'elsewhere.example' },
          resolve,
        );
        req.on('error', reject);
        req.end();
      }),
    ).rejects.toThrow(/altnames|Hostname/i);
    await expect(
      new Promise((resolve, reject) => {
        // Without the hub CA, the certificate is not trusted.
        const req = httpsRequest({ host: lanAddress, port: lanPort, path: '/' }, resolve);
        req.on('error', reject);
        req.end();
      }),
    ).rejects.toThrow(/self[- ]signed|unable to (get|verify)/i);
    // The plain listener, even bound to every address, drops a connection from the LAN address.
    await hub.app.listen({ host: '0.0.0.0', port: 0 });
    const plainPort = (hub.app.server.address() as { port: number }).port;
    const plainFromLan = await new Promise<string>((resolve) => {
      const req = httpRequest({ host: lanAddress, port: plainPort, path: '/health', timeout: 5_000 }, (res) =>
        resolve(`answered ${String(res.statusCode)}`),
      );
      req.on('error', (error) => resolve(`no answer (${(error as NodeJS.ErrnoException).code ?? error.message})`));
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.end();
    });
    expect(plainFromLan).toMatch(/^no answer/);
    const plainFromLoopback = await fetch(`http://127.0.0.1:${String(plainPort)}/health`);
    expect(plainFromLoopback.status).toBe(200);
  });

  it('gives an unpaired client the app’s page and the refusal; a code pairs once, never after it expired; guesses are limited', async () => {
    expect((await lan('GET', '/')).status).toBe(200);
    for (const route of [
      '/api/v1/sales',
      '/api/v1/staff/me',
      '/health',
      '/api/v1/terminals/this',
      '/api/v1/printers',
    ]) {
      const refused = await lan('GET', route);
      expect([route, refused.status, refused.body.error?.details]).toEqual([
        route,
        401,
        [{ path: 'terminal', problem: 'NOT_PAIRED' }],
      ]);
    }
    const forged = await lan('GET', '/api/v1/staff/me', { terminal: randomBytes(32).toString('base64url') });
    expect(forged.status).toBe(401);

    const code = await pairingCode();
    const first = await lan('POST', '/api/v1/terminals/pair', { body: { code, label: 'Bar' } });
    expect(first.status).toBe(200);
    expect(first.body.terminal).toMatchObject({ number: 1, label: 'Bar', register: 'HTEST0001-T1' });
    expect(String(first.headers['set-cookie'])).toMatch(/^ismail_terminal=[\w-]+; .*HttpOnly; Secure; SameSite=Strict/);
    const again = await lan('POST', '/api/v1/terminals/pair', { body: { code, label: 'Intrus' } });
    expect([again.status, again.body.error?.code]).toEqual([403, 'FORBIDDEN']);
    expect(again.body.error?.message).toContain('déjà utilisé ou expiré');

    const late = await pairingCode();
    hub.db
      .prepare('UPDATE terminal_pairing_codes SET expires_at = ? WHERE used_at IS NULL')
      .run(new Date(Date.now() - 1000).toISOString());
    expect((await lan('POST', '/api/v1/terminals/pair', { body: { code: late, label: 'Tard' } })).status).toBe(403);
    // A terminal cannot make codes: only the hub's own screen.
    const fromTerminal = await lan('POST', '/api/v1/terminals/pairing-codes', {
      terminal: first.body.token as string,
      session: session(cashierA, (first.body.terminal as { id: string }).id),
    });
    expect(fromTerminal.status).toBe(403);
    // Wrong guesses: 5 a minute from one address (3 spent above: the reused code, the expired one... and this loop).
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1)
      statuses.push((await lan('POST', '/api/v1/terminals/pair', { body: { code: '00000000', label: 'x' } })).status);
    expect(statuses.at(-1)).toBe(429);
    // Even the right code is refused while the address is locked out.
    expect(
      (await lan('POST', '/api/v1/terminals/pair', { body: { code: await pairingCode(), label: 'y' } })).status,
    ).toBe(429);
  });

  it('keeps a staff session to its terminal, sells the last unit once across two terminals, numbers each terminal’s series, and revokes', async () => {
    const a = await pair('Caisse 1');
    const b = await pair('Caisse 2');
    expect([a.number, b.number]).toEqual([1, 2]);
    const onA = session(cashierA, a.id);
    const onB = session(cashierB, b.id);
    const onHub = session(cashierA, null);
    expect((await lan('GET', '/api/v1/staff/me', { terminal: a.token, session: onA })).status).toBe(200);
    // A's session from B, the hub screen's session from a terminal, the admin token from the LAN: refused.
    expect((await lan('GET', '/api/v1/staff/me', { terminal: b.token, session: onA })).status).toBe(401);
    expect((await lan('GET', '/api/v1/staff/me', { terminal: a.token, session: onHub })).status).toBe(401);
    expect((await lan('GET', '/api/v1/staff/me', { terminal: a.token, session: 'a'.repeat(43) })).status).toBe(401);
    // A terminal's session over loopback (the hub's own screen): refused too.
    const loopback = await hub.app.inject({
      method: 'GET',
      url: '/api/v1/staff/me',
      headers: { authorization: `Bearer ${onA}` },
    });
    expect(loopback.statusCode).toBe(401);
    const here = await lan('GET', '/api/v1/terminals/this', { terminal: b.token });
    expect(here.body).toMatchObject({ kind: 'terminal', terminal: { number: 2, register: 'HTEST0001-T2' } });

    // One unit on the shelf, two terminals at the same moment.
    const counted = await hub.app.inject({
      method: 'PUT',
      url: `/api/v1/stock/${lastUnit}`,
      headers: admin,
      payload: { onHand: 1 },
    });
    expect(counted.statusCode, counted.body).toBe(200);
    const [fromA, fromB] = await Promise.all([sale(lastUnit, a.token, onA), sale(lastUnit, b.token, onB)]);
    const answers = [fromA, fromB];
    expect(answers.map((r) => r.status).sort()).toEqual([201, 409]);
    const refused = answers.find((r) => r.status === 409);
    expect(refused?.body.error).toMatchObject({
      code: 'CONFLICT',
      details: [{ path: `items.${lastUnit}`, problem: 'OUT_OF_STOCK' }],
    });
    expect(refused?.body.error?.message).toContain('Rupture de stock : plus aucun « Pagne wax »');
    expect(hub.db.prepare('SELECT on_hand FROM hub_stock WHERE product_id = ?').get(lastUnit)).toEqual({ on_hand: 0 });
    expect(hub.db.prepare('SELECT count(*) AS n FROM counter_sales').get()).toEqual({ n: 1 });

    // More sales, interleaved: each terminal's own series, gapless.
    for (const [terminal, staff] of [
      [a.token, onA],
      [b.token, onB],
      [a.token, onA],
      [a.token, onA],
      [b.token, onB],
    ] as const)
      expect((await sale(plenty, terminal, staff)).status).toBe(201);
    const numbers = (n: number) =>
      hub.db
        .prepare<[string], { number: string }>(
          "SELECT number FROM hub_invoices WHERE kind = 'invoice' AND number LIKE ? ORDER BY sequence",
        )
        .all(`F-HTEST0001-T${String(n)}-%`)
        .map((r) => r.number);
    const series = (n: number, count: number) =>
      Array.from(
        { length: count },
        (_, i) => `F-HTEST0001-T${String(n)}-${String(year)}-${String(i + 1).padStart(6, '0')}`,
      );
    const winner = fromA.status === 201 ? 1 : 2;
    expect(numbers(1)).toEqual(series(1, winner === 1 ? 4 : 3));
    expect(numbers(2)).toEqual(series(2, winner === 2 ? 3 : 2));
    // What the cloud gets: each document names its terminal's register (the cloud checks the number against it).
    const pushed = hub.db
      .prepare<[], { payload: string }>("SELECT payload FROM outbox WHERE type = 'shop.sale' ORDER BY seq")
      .all()
      .map((r) => (JSON.parse(r.payload) as { invoice: { number: string; register?: string } }).invoice);
    expect(pushed.length).toBe(6);
    for (const invoice of pushed)
      expect(invoice.number.startsWith(`F-${invoice.register ?? 'none'}-${String(year)}-`)).toBe(true);

    // A credit note on terminal 1's first sale: numbered in terminal 1's own credit-note series, the unit back on the
    // shelf, its register named for the cloud.
    const managerOnA = session(cashierA, a.id, 'manager');
    const firstOnA = hub.db
      .prepare<[], { sale_id: string }>(
        "SELECT sale_id FROM hub_invoices WHERE number LIKE 'F-HTEST0001-T1-%' ORDER BY sequence LIMIT 1",
      )
      .get();
    const credited = await lan('POST', `/api/v1/sales/${firstOnA?.sale_id ?? ''}/credit-notes`, {
      terminal: a.token,
      session: managerOnA,
      body: { creditId: randomUUID(), lines: 'all' },
    });
    expect(credited.status, JSON.stringify(credited.body)).toBe(201);
    expect((credited.body.creditNote as { number: string }).number).toBe(`AV-HTEST0001-T1-${String(year)}-000001`);
    const creditPush = hub.db
      .prepare<[], { payload: string }>("SELECT payload FROM outbox WHERE type = 'shop.sale_credit'")
      .get();
    expect((JSON.parse(creditPush?.payload ?? '{}') as { creditNote: { register?: string } }).creditNote.register).toBe(
      'HTEST0001-T1',
    );

    // Revoked: refused at once, its sessions ended; the other terminal goes on.
    const revoked = await hub.app.inject({ method: 'POST', url: `/api/v1/terminals/${b.id}/revoke`, headers: admin });
    expect(revoked.statusCode, revoked.body).toBe(200);
    const after = await sale(plenty, b.token, onB);
    expect([after.status, after.body.error?.details]).toEqual([403, [{ path: 'terminal', problem: 'REVOKED' }]]);
    expect(
      hub.db.prepare('SELECT count(*) AS n FROM staff_sessions WHERE terminal_id = ? AND ended_at IS NULL').get(b.id),
    ).toEqual({ n: 0 });
    expect((await sale(plenty, a.token, onA)).status).toBe(201);
    const again = await hub.app.inject({ method: 'POST', url: `/api/v1/terminals/${b.id}/revoke`, headers: admin });
    expect(again.statusCode).toBe(404);
  });
});
