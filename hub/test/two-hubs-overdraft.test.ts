// Issue 8's second acceptance, with real processes: one cloud and two hubs of the same
// boutique. Both see the client's wallet online; the line goes down; each hub takes wallet
// payments offline that its own view allows (the last synced balance minus its own pending
// debits, under the signed ceilings) but that together exceed the wallet. Each hub refuses
// what its own view does not allow (over the balance, over the daily ceiling). When the
// cloud is back, every debit is applied as a fact: the shortfall is a recorded overdraft
// with one debt file, the wallet is at zero, not below, and the ledger check passes.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { builtEntry, exited, freePort, startProcess, until, waitForHttp } from '../../tools/test-support/processes.js';
import { adminHeaders, pairHub } from '../../tools/test-support/hub-admin.js';
import { cloudOperator, cloudProcessEnv } from './support/cloud-process.js';
import { cloudDatabases } from '../../tools/test-support/test-databases.js';

interface Status {
  outboxDepth: number;
  rejected: number;
  catalog: { products: number };
  policy: {
    valid: boolean;
    offline: { perTransactionCentiCredits: number; perWalletPerDayCentiCredits: number } | null;
  };
  cards: { revocationListIssuedAt: string | null };
}

describe.each(cloudDatabases)(
  'two hubs overdraw one wallet offline (real cloud and hub processes) on $name',
  (database) => {
    it(
      'records the overdraft and a debt file when both hubs’ offline debits reach the cloud, and the ledger check passes',
      { timeout: 240_000 },
      async () => {
        const root = mkdtempSync(path.join(tmpdir(), 'ismail-two-hubs-'));
        const { cloudUrl, cloudEnv } = await cloudProcessEnv(root, database);
        let cloud = startProcess(builtEntry('cloud'), cloudEnv);
        const hubs: ChildProcess[] = [];
        try {
          await waitForHttp(`${cloudUrl}/health`, 60_000);
          const cloudAdmin = await cloudOperator(root, cloudUrl);
          const operator = cloudAdmin.headers;
          const partnerId = cloudAdmin.byEmail('partenaire@demo.ismail.ci')?.id;
          const client = cloudAdmin.byEmail('client@demo.ismail.ci');
          const card = await cloudAdmin.cardOf(client);

          // Two counters of the same boutique, each paired with its own code and key.
          const counters = await Promise.all(
            ['Caisse 1', 'Caisse 2'].map(async (name, i) => {
              const registered = await cloudAdmin.registerHub(partnerId, name);
              // The boutique's ceilings, raised so one day's shopping can exceed the wallet at two counters.
              const limits = await fetch(`${cloudUrl}/v1/operator/hubs/${registered.hub.id}/offline-limits`, {
                method: 'PUT',
                headers: operator,
                body: JSON.stringify({ perTransactionCentiCredits: 1_000_000, perWalletPerDayCentiCredits: 1_500_000 }),
              });
              expect(limits.status).toBe(200);
              const port = await freePort();
              const url = `http://127.0.0.1:${String(port)}`;
              hubs.push(
                startProcess(builtEntry('hub'), {
                  HUB_RESPONSE_CHECK: 'throw',
                  HUB_PORT: String(port),
                  ISMAIL_DATA_DIR: path.join(root, `hub-${String(i)}`),
                  CLOUD_URL: cloudUrl,
                  LOG_LEVEL: 'silent',
                  HUB_CARD_TRUST_PULL_S: '2',
                }),
              );
              await waitForHttp(`${url}/health`, 15_000);
              const admin = adminHeaders(path.join(root, `hub-${String(i)}`));
              const post = (route: string, body: unknown) =>
                fetch(`${url}${route}`, { method: 'POST', headers: admin, body: JSON.stringify(body) });
              const status = async (): Promise<Status> =>
                (await (await fetch(`${url}/api/v1/sync/status`)).json()) as Status;
              expect(await pairHub(url, admin, registered)).toBe(200);
              // Each counter's drawer is open (the machine's administrator opens it here).
              expect((await post('/api/v1/cash-sessions', { floatXof: 0 })).status).toBe(201);
              return { id: registered.hub.id, url, post, status };
            }),
          );
          for (const counter of counters) {
            const ready = await until(
              counter.status,
              (s) =>
                s.catalog.products >= 6 &&
                s.policy.offline?.perTransactionCentiCredits === 1_000_000 &&
                s.cards.revocationListIssuedAt !== null,
              30_000,
            );
            // The hub's day is raised to the wallet's (the operator set only these two); version 2: the limits were
            // changed once.
            expect(ready.policy.offline).toEqual({
              perTransactionCentiCredits: 1_000_000,
              perWalletPerDayCentiCredits: 1_500_000,
              perHubPerDayCentiCredits: 1_500_000,
              cashTopUpPerDayXof: 2_000_000,
              version: 2,
            });
          }

          // Both counters see the wallet online once (the last synced balance).
          const views = await Promise.all(
            counters.map(
              async (c) =>
                (await (await c.post('/api/v1/wallets/lookup', { token: card.token })).json()) as {
                  source: string;
                  availableCentiCredits: number;
                },
            ),
          );
          expect(views.map((v) => v.source)).toEqual(['cloud', 'cloud']);
          const balance = views[0]?.availableCentiCredits ?? 0;
          expect(views[1]?.availableCentiCredits).toBe(balance);
          const found = (await (
            await fetch(`${counters[0]?.url ?? ''}/api/v1/catalog/products?barcode=6111234567895`)
          ).json()) as { products: { id: string; priceXof: number }[] };
          const wax = found.products[0];
          if (wax === undefined) throw new Error('the wax is not in the synced catalog');
          // 12,500 FCFA = 25,000 centi-credits a pagne: as many as the wallet holds, at each counter.
          const unitCenti = (wax.priceXof * 100) / 50;
          const units = Math.floor(balance / unitCenti);
          expect(units).toBeGreaterThan(1);
          expect(units * unitCenti).toBeLessThanOrEqual(1_000_000);

          // The line goes down.
          cloud.kill('SIGTERM');
          await exited(cloud);
          const pay = (c: (typeof counters)[number], saleId: string, quantity: number) =>
            c.post('/api/v1/sales', {
              saleId,
              items: [{ productId: wax.id, quantity }],
              payment: { method: 'wallet', token: card.token },
            });
          const [first, second] = counters;
          if (first === undefined || second === undefined) throw new Error('two counters expected');
          // Each counter takes what its own view allows...
          const taken = await Promise.all([pay(first, 'C1-0001', units), pay(second, 'C2-0001', units)]);
          expect(taken.map((r) => r.status)).toEqual([201, 201]);
          for (const response of taken)
            expect(((await response.json()) as { payment: { authorisation: string } }).payment.authorisation).toBe(
              'offline',
            );
          // ...and refuses what it does not: the wallet, as it sees it, is spent.
          const refused = await pay(first, 'C1-0002', 1);
          expect(refused.status).toBe(409);
          expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('INSUFFICIENT_FUNDS');

          // The line comes back: both counters' debits are facts.
          cloud = startProcess(builtEntry('cloud'), cloudEnv);
          await waitForHttp(`${cloudUrl}/health`, 60_000);
          for (const counter of counters) {
            const synced = await until(counter.status, (s) => s.outboxDepth === 0, 30_000);
            expect(synced).toMatchObject({ outboxDepth: 0, rejected: 0 });
          }
          const overdraft = 2 * units * unitCenti - balance;
          const debts = (await (
            await fetch(`${cloudUrl}/v1/operator/debt-files?status=open`, { headers: operator })
          ).json()) as {
            debtFiles: {
              debtorAccountId: string;
              amountCentiCredits: number;
              outstandingCentiCredits: number;
              kind: string;
              source: string;
            }[];
          };
          expect(debts.debtFiles).toEqual([
            expect.objectContaining({
              debtorAccountId: client?.id,
              kind: 'overdraft',
              source: 'hub_sale',
              amountCentiCredits: overdraft,
              outstandingCentiCredits: overdraft,
            }),
          ]);
          const ledger = (await (
            await fetch(`${cloudUrl}/v1/operator/ledger/check`, { headers: operator })
          ).json()) as { ok: boolean };
          expect(ledger.ok).toBe(true);
          // The wallet is at zero, not below: the counters see it once they can ask again.
          const after = (await (await first.post('/api/v1/wallets/lookup', { token: card.token })).json()) as {
            source: string;
            availableCentiCredits: number;
          };
          expect(after).toMatchObject({ source: 'cloud', availableCentiCredits: 0 });
        } finally {
          for (const hub of hubs) hub.kill('SIGKILL');
          cloud.kill('SIGKILL');
          await Promise.all([...hubs.map(exited), exited(cloud)]);
        }
      },
    );
  },
);
