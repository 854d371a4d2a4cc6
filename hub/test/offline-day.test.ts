// Issue 8's first acceptance, with real processes: the cloud (embedded PostgreSQL, demo data)
// and the hub (its SQLite file), each from its built entry point. Paired and synced once, the
// hub loses the cloud; at the counter: 100 sales (one in ten paid from a client's wallet
// against the last synced balance, the rest cash), 20 credit top-ups for cash, 10 card
// checks and 5 credit notes, each invoice numbered by the hub itself. The hub is killed with
// SIGKILL twice in the middle (and the request in flight retried after each restart). When
// the cloud is back, everything is applied within 30 s, exactly once, in order: 134
// operations (the 9 genuine card checks are reported for their holders' history; the forged
// one names no card), invoice numbers 1 to 100 and credit notes 1 to 5 without gaps in the cloud as
// at the counter, the hub's cash drawer owes exactly the 21 top-ups, the ledger check passes.
// People: the demo cashier and the owner sign in online first; offline the cashier signs in
// again with the cached password (a wrong one is refused); sales go into one cash session,
// closed at the end with a Z report that counts all of them and reaches the cloud.
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { builtEntry, exited, freePort, startProcess, until, waitForHttp } from '../../tools/test-support/processes.js';
import { adminHeaders } from '../../tools/test-support/hub-admin.js';
import { cloudOperator, cloudProcessEnv } from './support/cloud-process.js';
import { cloudDatabases } from '../../tools/test-support/test-databases.js';

interface Status {
  outboxDepth: number;
  rejected: number;
  lastError: string | null;
  catalog: { products: number };
  policy: { valid: boolean };
  cards: { revocationListIssuedAt: string | null; revocationListAgeS: number | null };
}
interface Sale {
  saleId: string;
  invoice: { number: string; totals: { grossXof: number }; provisional: boolean; synced: boolean };
  payment: { method: string; authorisation?: string; amountCentiCredits?: number };
}

describe.each(cloudDatabases)('a day offline at the counter (real cloud and hub processes) on $name', (database) => {
  it(
    'takes 100 sales, 20 top-ups, 10 card checks and 5 credit notes offline through two SIGKILLs, then syncs each exactly once within 30 s',
    { timeout: 240_000 },
    async () => {
      const root = mkdtempSync(path.join(tmpdir(), 'ismail-day-'));
      const { cloudUrl, cloudEnv } = await cloudProcessEnv(root, database);
      const hubPort = await freePort();
      const hubUrl = `http://127.0.0.1:${String(hubPort)}`;
      const hubEnv = {
        HUB_PORT: String(hubPort),
        ISMAIL_DATA_DIR: path.join(root, 'hub'),
        CLOUD_URL: cloudUrl,
        LOG_LEVEL: 'silent',
        HUB_CARD_TRUST_PULL_S: '2',
      };
      let cloud = startProcess(builtEntry('cloud'), cloudEnv);
      let hub: ChildProcess | undefined;
      try {
        await waitForHttp(`${cloudUrl}/health`, 60_000);
        const cloudAdmin = await cloudOperator(root, cloudUrl);
        const operator = cloudAdmin.headers;
        const partnerId = cloudAdmin.byEmail('partenaire@demo.ismail.ci')?.id;
        const registered = await cloudAdmin.registerHub(partnerId, 'Caisse Yamoussoukro');
        const client = cloudAdmin.byEmail('client@demo.ismail.ci');
        const card = await cloudAdmin.cardOf(client);

        const startHub = async (): Promise<void> => {
          hub = startProcess(builtEntry('hub'), { ...hubEnv, HUB_RESPONSE_CHECK: 'throw' });
          await waitForHttp(`${hubUrl}/health`, 15_000);
        };
        await startHub();
        const admin = adminHeaders(path.join(root, 'hub'));
        const signIn = async (email: string, password = 'demo-ismail-2026') =>
          fetch(`${hubUrl}/api/v1/staff/sign-in`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ email, password }),
          });
        const bearer = async (email: string, mode: 'online' | 'offline'): Promise<Record<string, string>> => {
          const response = await signIn(email);
          expect(response.status).toBe(200);
          const body = (await response.json()) as { token: string; staff: { mode: string } };
          expect(body.staff.mode).toBe(mode);
          return { authorization: `Bearer ${body.token}`, 'content-type': 'application/json' };
        };
        let cashier: Record<string, string> = {};
        let manager: Record<string, string> = {};
        const post = (url: string, body: unknown, as: Record<string, string> = cashier) =>
          fetch(`${hubUrl}${url}`, { method: 'POST', headers: as, body: JSON.stringify(body) });
        const status = async (): Promise<Status> =>
          (await (await fetch(`${hubUrl}/api/v1/sync/status`)).json()) as Status;
        expect(
          (await post('/api/v1/pairing', { hubId: registered.hub.id, pairingCode: registered.pairingCode }, admin))
            .status,
        ).toBe(200);
        const ready = await until(
          status,
          (s) => s.catalog.products >= 6 && s.policy.valid && s.cards.revocationListIssuedAt !== null,
          30_000,
        );
        expect(ready, JSON.stringify(ready)).toMatchObject({ policy: { valid: true } });

        // The cashier and the owner sign in while the cloud answers; the cashier opens the drawer with 50,000 FCFA.
        cashier = await bearer('caisse@demo.ismail.ci', 'online');
        manager = await bearer('partenaire@demo.ismail.ci', 'online');
        expect(
          (
            await post('/api/v1/sales', {
              saleId: 'V-NONE',
              items: [{ productId: randomUUID(), quantity: 1 }],
              payment: { method: 'cash' },
            })
          ).status,
        ).toBe(409);
        const opened = await post('/api/v1/cash-sessions', { floatXof: 50_000 });
        expect(opened.status).toBe(201);
        const session = (await opened.json()) as { id: string; number: number };

        // Online: 20,000 FCFA of credits for the client, synced; the counter then knows the wallet.
        expect(
          (await post('/api/v1/cash-top-ups', { id: randomUUID(), accountId: client?.id, amountXof: 20_000 })).status,
        ).toBe(201);
        await until(status, (s) => s.outboxDepth === 0, 15_000);
        const wallet = (await (await post('/api/v1/wallets/lookup', { token: card.token })).json()) as {
          source: string;
          availableCentiCredits: number;
        };
        expect(wallet.source).toBe('cloud');
        expect(wallet.availableCentiCredits).toBeGreaterThanOrEqual(40_000);
        const product = async (query: string): Promise<{ id: string; priceXof: number }> => {
          const found = (await (await fetch(`${hubUrl}/api/v1/catalog/products?${query}`)).json()) as {
            products: { id: string; priceXof: number }[];
          };
          const first = found.products[0];
          if (first === undefined) throw new Error(`no product for ${query}`);
          return first;
        };
        const attieke = await product(`q=${encodeURIComponent('Attiéké')}`);
        const bissap = await product('q=Bissap');
        const wax = await product('barcode=6111234567895');

        // The line goes down. The cashier signs in again with the password the cloud last accepted; a wrong one is
        // refused.
        cloud.kill('SIGTERM');
        await exited(cloud);
        expect((await signIn('caisse@demo.ismail.ci', 'not-the-password')).status).toBe(401);
        expect((await signIn('client@demo.ismail.ci')).status).toBe(503);
        cashier = await bearer('caisse@demo.ismail.ci', 'offline');
        const sales: Sale[] = [];
        const sell = async (i: number): Promise<Response> => {
          const wallet = i % 10 === 0;
          const item = wallet ? bissap : ([attieke, bissap, wax][i % 3] ?? attieke);
          return post('/api/v1/sales', {
            saleId: `V-${String(i).padStart(4, '0')}`,
            items: [{ productId: item.id, quantity: 1 + (i % 2) }],
            payment: wallet ? { method: 'wallet', token: card.token } : { method: 'cash' },
          });
        };
        const topUps = Array.from({ length: 20 }, () => randomUUID());
        for (let i = 0; i < 100; i++) {
          const response = await sell(i);
          expect(response.status).toBe(201);
          sales.push((await response.json()) as Sale);
          if (i % 5 === 0)
            expect(
              (await post('/api/v1/cash-top-ups', { id: topUps[i / 5], accountId: client?.id, amountXof: 500 })).status,
            ).toBe(201);
          if (i === 30 || i === 70) {
            // Power cut: the counter's last request is retried after the restart and found, not repeated.
            hub?.kill('SIGKILL');
            if (hub !== undefined) await exited(hub);
            await startHub();
            const retried = await sell(i);
            expect(retried.status).toBe(200);
            expect(((await retried.json()) as Sale).invoice.number).toBe(sales[i]?.invoice.number);
          }
        }
        // Every sale has its invoice, numbered 1 to 100 by this hub, provisional until the cloud has it.
        const numbers = sales.map((s) => s.invoice.number);
        expect(numbers.map((n) => Number(n.split('-').at(-1)))).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
        expect(sales.every((s) => s.invoice.provisional && !s.invoice.synced)).toBe(true);
        const walletSales = sales.filter((s) => s.payment.method === 'wallet');
        expect(walletSales).toHaveLength(10);
        expect(walletSales.every((s) => s.payment.authorisation === 'offline')).toBe(true);
        // Offline, one wallet payment is at most the signed ceiling (25,000 FCFA by default): three pagnes are refused,
        // nothing recorded.
        const tooMuch = await post('/api/v1/sales', {
          saleId: 'V-9999',
          items: [{ productId: wax.id, quantity: 3 }],
          payment: { method: 'wallet', token: card.token },
        });
        expect(tooMuch.status).toBe(409);
        expect(((await tooMuch.json()) as { error: { code: string } }).error.code).toBe('OFFLINE_LIMIT_EXCEEDED');

        // Card checks with the cached keys and list: nine genuine, one forged.
        const verify = async (token: string) =>
          (await (await post('/api/v1/cards/verify', { token })).json()) as {
            ok: boolean;
            reason?: string;
            revocationListAgeS: number | null;
          };
        for (let i = 0; i < 9; i++) expect(await verify(card.token)).toMatchObject({ ok: true });
        const [header, payload, signature] = card.token.split('.');
        const forged = await verify(`${header ?? ''}.${payload ?? ''}.${(signature ?? '').slice(0, -4)}AAAA`);
        expect(forged.ok).toBe(false);
        expect(forged.revocationListAgeS).not.toBeNull();

        // Five credit notes: four cash sales in full, and a wallet sale (its credits go back).
        const credited = ['V-0001', 'V-0002', 'V-0003', 'V-0004', 'V-0010'];
        const notes: string[] = [];
        for (const saleId of credited) {
          // A cashier may not hand money back; the owner (manager) may.
          expect(
            (await post(`/api/v1/sales/${saleId}/credit-notes`, { creditId: randomUUID(), lines: 'all' })).status,
          ).toBe(403);
          const response = await post(
            `/api/v1/sales/${saleId}/credit-notes`,
            { creditId: randomUUID(), lines: 'all' },
            manager,
          );
          expect(response.status).toBe(201);
          notes.push(((await response.json()) as { creditNote: { number: string } }).creditNote.number);
        }
        expect(notes.map((n) => Number(n.split('-').at(-1)))).toEqual([1, 2, 3, 4, 5]);
        // Nothing is left to credit on a fully credited sale.
        expect(
          (await post('/api/v1/sales/V-0001/credit-notes', { creditId: randomUUID(), lines: 'all' }, manager)).status,
        ).toBe(400);
        const offline = await status();
        expect(offline.outboxDepth).toBe(134);
        expect(offline.lastError).not.toBeNull();

        // The line comes back.
        cloud = startProcess(builtEntry('cloud'), cloudEnv);
        await waitForHttp(`${cloudUrl}/health`, 60_000);
        const backAt = Date.now();
        const synced = await until(status, (s) => s.outboxDepth === 0, 30_000);
        const tookMs = Date.now() - backAt;
        expect(synced).toMatchObject({ outboxDepth: 0, rejected: 0 });
        expect(tookMs).toBeLessThan(30_000);
        const hubs = (await (await fetch(`${cloudUrl}/v1/operator/hubs`, { headers: operator })).json()) as {
          hubs: { id: string; lastAppliedSeq: number; cashDrawerCentiCredits: number }[];
        };
        // 1 + 134 operations, each once; the drawer owes 20,000 + 20 × 500 FCFA at 50 FCFA a credit.
        expect(hubs.hubs.find((h) => h.id === registered.hub.id)).toMatchObject({
          lastAppliedSeq: 135,
          cashDrawerCentiCredits: -60_000,
        });
        const invoices = (await (await fetch(`${hubUrl}/api/v1/invoices?limit=200`, { headers: admin })).json()) as {
          invoices: { number: string; synced: boolean }[];
        };
        expect(invoices.invoices).toHaveLength(105);
        expect(invoices.invoices.every((i) => i.synced)).toBe(true);
        const ledger = (await (await fetch(`${cloudUrl}/v1/operator/ledger/check`, { headers: operator })).json()) as {
          ok: boolean;
        };
        expect(ledger.ok).toBe(true);
        // The QR printed on an offline ticket checks out at the cloud now: same number, same content hash.
        const printed = (await (
          await fetch(`${hubUrl}/api/v1/invoices/${numbers[42] ?? ''}`, { headers: cashier })
        ).json()) as { verificationUrl: string };
        const checked = await fetch(printed.verificationUrl);
        expect(checked.status).toBe(200);
        expect(await checked.json()).toMatchObject({ genuine: true, number: numbers[42] });
        expect((await fetch(printed.verificationUrl.replace(/hash=[0-9a-f]{4}/, 'hash=0000'))).status).toBe(404);
        // No overdraft: the offline wallet payments stayed within what the wallet held.
        const debts = (await (await fetch(`${cloudUrl}/v1/operator/debt-files`, { headers: operator })).json()) as {
          debtFiles: unknown[];
        };
        expect(debts.debtFiles).toEqual([]);

        // The cashier closes the drawer: the Z report counts every sale, credit note and top-up of the session.
        const running = (await (
          await fetch(`${hubUrl}/api/v1/cash-sessions/current`, { headers: cashier })
        ).json()) as { session: { report: { expectedCashXof: number } } };
        const expectedCash = running.session.report.expectedCashXof;
        const cashSales = sales
          .filter((s) => s.payment.method === 'cash')
          .reduce((sum, s) => sum + s.invoice.totals.grossXof, 0);
        const refundedCash = sales
          .filter((s) => ['V-0001', 'V-0002', 'V-0003', 'V-0004'].includes(s.saleId))
          .reduce((sum, s) => sum + s.invoice.totals.grossXof, 0);
        expect(expectedCash).toBe(50_000 + cashSales + 20_000 + 20 * 500 - refundedCash);
        const closed = await post(`/api/v1/cash-sessions/${session.id}/close`, { countedXof: expectedCash - 1_000 });
        expect(closed.status).toBe(201);
        const z = (
          (await closed.json()) as {
            report: {
              sales: { count: number; wallet: { count: number } };
              creditNotes: { count: number };
              cashTopUps: { count: number };
              differenceXof: number;
              invoiceNumbers: { first: string; last: string };
            };
          }
        ).report;
        expect(z).toMatchObject({
          sales: { count: 100, wallet: { count: 10 } },
          creditNotes: { count: 5 },
          cashTopUps: { count: 21 },
          differenceXof: -1_000,
        });
        expect(z.invoiceNumbers.first).toBe(numbers[0]);
        expect(z.invoiceNumbers.last).toBe(numbers[99]);
        // Sales stop with the drawer closed; the report reaches the cloud.
        expect(
          (
            await post('/api/v1/sales', {
              saleId: 'V-AFTER',
              items: [{ productId: wax.id, quantity: 1 }],
              payment: { method: 'cash' },
            })
          ).status,
        ).toBe(409);
        const filed = await until(
          async () =>
            (await (await fetch(`${hubUrl}/api/v1/cash-sessions?limit=1`, { headers: cashier })).json()) as {
              sessions: { synced: boolean }[];
            },
          (s) => s.sessions[0]?.synced === true,
          15_000,
        );
        expect(filed.sessions[0]?.synced).toBe(true);
      } finally {
        hub?.kill('SIGKILL');
        cloud.kill('SIGKILL');
        await Promise.all([hub === undefined ? Promise.resolve() : exited(hub), exited(cloud)]);
      }
    },
  );
});
