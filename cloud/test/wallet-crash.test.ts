// Proves that killing the process mid-transfer leaves no half transfer: a child process runs
// the built ledger with dozens of multi-leg operations in flight (consumptions with six linked
// legs and side rows, transfers) and is killed with SIGKILL; afterwards every operation it
// acknowledged is on record, every operation on record has all its legs and side rows, the
// cached account totals match the transfers (ledger check), every request left in doubt can be
// sent again with its key and is applied exactly once, and a new process carries on after the
// crash. Needs a real PostgreSQL server (ISMAIL_TEST_DATABASE_URL, which `npm test` sets after
// starting one): the embedded PGlite lives inside the process and dies with it. Without it the
// suite fails saying so; it is never skipped.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { percentOf } from '@ismail/shared';
import { openDatabase, type Database } from '../src/platform/db/database.js';
import { walletBalance } from '../src/modules/wallet/history.js';
import { checkLedger } from '../src/modules/wallet/ledger-check.js';
import type { LedgerOutcome } from '../src/modules/wallet/ledger-types.js';
import type { WriteContext } from '../src/modules/wallet/operations.js';
import { requireTestDatabaseUrl } from '../../tools/test-support/system-tools.js';
import { as, cashHub, insertAccount, walletStack, type WalletStack } from './support/wallet-fixtures.js';

const serverUrl = process.env.ISMAIL_TEST_DATABASE_URL ?? '';
const here = path.dirname(fileURLToPath(import.meta.url));
const childScript = path.join(here, 'support', 'ledger-crash-child.mjs');
const builtLedger = path.join(here, '..', 'dist', 'src', 'modules', 'wallet', 'operations.js');
/** Acknowledgements to wait for before each kill (so the two kills land at other moments); requests kept in flight. */
const acksBeforeKill = [200, 300] as const;
const concurrency = 32;
const fundedCentiCredits = 10_000_000; // 5,000,000 FCFA at 50 FCFA a credit

type ChildRequest =
  | {
      readonly key: string;
      readonly kind: 'consume';
      readonly scope: string;
      readonly input: { accountId: string; tariffCode: string; units: number; unitPriceCredits: number };
    }
  | {
      readonly key: string;
      readonly kind: 'transfer';
      readonly scope: string;
      readonly input: { fromId: string; toId: string; amountCentiCredits: number };
    };

interface Killed {
  readonly sent: Map<string, ChildRequest>;
  readonly acked: Map<string, string>;
  readonly failed: string[];
  readonly signal: NodeJS.Signals | null;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

describe('ledger crash safety on a PostgreSQL server (needs ISMAIL_TEST_DATABASE_URL)', () => {
  const name = `ismail_crash_${randomBytes(6).toString('hex')}`;
  let url = '';
  let db: Database;
  let wallet: WalletStack;
  const partners: string[] = [];
  const clients: string[] = [];
  /** The legs of one consumption by these partners, sorted: what every consumption must have. */
  let consumeLegs: string[] = [];
  /** Each wallet's balance once every request sent so far has been applied exactly once. */
  const expected = new Map<string, number>();
  const move = (id: string, delta: number): void => {
    expected.set(id, (expected.get(id) ?? fundedCentiCredits) + delta);
  };
  const consumed = (partner: string, units: number, unitPriceCredits: number): void => {
    const charge = units * unitPriceCredits * 100;
    move(partner, -charge + percentOf(charge, 300)); // 3 % cashback on a service purchase
  };

  beforeAll(async () => {
    if (serverUrl === '') return; // the test itself fails, naming the missing variable
    if (!existsSync(builtLedger)) throw new Error(`${builtLedger} is missing: run \`npx tsc -b cloud\` first`);
    await admin(`CREATE DATABASE ${name}`);
    url = withDatabase(serverUrl, name);
    db = await openDatabase({ url, poolMax: 4, embeddedDataDir: 'unused' });
    wallet = await walletStack(db);
    // Three partners, each under a junior rep whose chief has a chief: rep + two team leads.
    for (let i = 0; i < 3; i++) {
      const top = await insertAccount(db, 'agency_chief');
      const chief = await insertAccount(db, 'agency_chief', { supervisorId: top });
      const rep = await insertAccount(db, 'sales_rep', { supervisorId: chief });
      partners.push(await insertAccount(db, 'partner', { salesRepId: rep }));
    }
    for (let i = 0; i < 4; i++) clients.push(await insertAccount(db, 'client'));
    for (const id of [...partners, ...clients])
      await wallet.ops.buyCreditsWithCash(as(id), { accountId: id, hubId: await cashHub(db), amountXof: 5_000_000 });
    const partner = partners[0] ?? '';
    const sample = await wallet.ops.consume(as(partner), {
      accountId: partner,
      tariffCode: 'service_purchase',
      units: 1,
      unitPriceCredits: 20,
    });
    consumed(partner, 1, 20);
    consumeLegs = sample.result.transfers.map((t) => t.leg).sort();
    expect(consumeLegs).toEqual([
      'cashback',
      'charge',
      'sales_commission',
      'tax',
      'team_lead_commission',
      'team_lead_commission',
    ]);
  });
  afterAll(async () => {
    if (url === '') return; // beforeAll failed before making the database: its error is the report
    await db.close();
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });

  /** Runs a child writer and SIGKILLs it once it has acknowledged `acks` operations. */
  function runAndKill(round: number, acks: number): Promise<Killed> {
    return new Promise((resolve, reject) => {
      const child = spawn(
        process.execPath,
        [childScript, JSON.stringify({ url, round, concurrency, partners, clients })],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      const sent = new Map<string, ChildRequest>();
      const acked = new Map<string, string>();
      const failed: string[] = [];
      let pending = '';
      let stderr = '';
      let killed = false;
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`the child acknowledged ${String(acked.size)} operations in 20 s; stderr: ${stderr}`));
      }, 20_000);
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.stdout.on('data', (d: Buffer) => {
        pending += d.toString();
        const lines = pending.split('\n');
        pending = lines.pop() ?? ''; // a line cut by the kill is not an acknowledgement
        for (const text of lines) {
          const [event, a = '', b = ''] = text.split('\t');
          if (event === 'sent') {
            const request = JSON.parse(a) as ChildRequest;
            sent.set(request.key, request);
          } else if (event === 'ack') acked.set(a, b);
          else if (event === 'failed') failed.push(`${a}: ${b}`);
        }
        if (!killed && acked.size >= acks) {
          killed = true;
          child.kill('SIGKILL');
        }
      });
      // 'close': the process is gone and everything it wrote has been read.
      child.on('close', (_code, signal) => {
        clearTimeout(timer);
        if (!killed) reject(new Error(`the child ended before it was killed; stderr: ${stderr}`));
        else resolve({ sent, acked, failed, signal });
      });
    });
  }

  /** The books right after a crash: nothing acknowledged lost, nothing half written. */
  async function expectWholeBooks(killed: Killed): Promise<void> {
    const report = await checkLedger(db);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.totals.sumOfBalances).toBe(0);

    const ids = [...killed.acked.values()];
    const found = await db.pool.query<{ id: string }>('SELECT id FROM ledger_operations WHERE id = ANY($1::uuid[])', [
      ids,
    ]);
    expect(found.rows.length).toBe(ids.length);

    const legsByKind: Record<string, string[]> = {
      consume: consumeLegs,
      transfer: ['transfer'],
      buy_credits_cash: ['top_up'],
    };
    const { rows } = await db.pool.query<{
      id: string;
      kind: string;
      legs: string[];
      consumptions: number;
      accruals: number;
    }>(
      `SELECT o.id, o.kind,
              coalesce((SELECT array_agg(t.leg ORDER BY t.leg) FROM ledger_transfers t WHERE t.operation_id = o.id), '{}') AS legs,
              (SELECT count(*)::int FROM credit_consumptions c WHERE c.operation_id = o.id) AS consumptions,
              (SELECT count(*)::int FROM commission_accruals a WHERE a.operation_id = o.id) AS accruals
       FROM ledger_operations o`,
    );
    const half = rows.filter((r) => {
      const consume = r.kind === 'consume';
      return (
        JSON.stringify(r.legs) !== JSON.stringify(legsByKind[r.kind]) ||
        r.consumptions !== (consume ? 1 : 0) ||
        r.accruals !== (consume ? 3 : 0)
      );
    });
    expect(half).toEqual([]);
    expect(rows.length).toBeGreaterThan(ids.length);
  }

  /** A client that lost its connection sends its requests again: each ends applied exactly once. */
  async function resend(killed: Killed): Promise<number> {
    const inDoubt = [...killed.sent.values()].filter((r) => !killed.acked.has(r.key));
    await Promise.all(
      inDoubt.map((r): Promise<LedgerOutcome> => {
        const ctx: WriteContext = {
          actor: { accountId: r.scope, label: 'retry' },
          scope: r.scope,
          idempotencyKey: r.key,
        };
        return r.kind === 'consume' ? wallet.ops.consume(ctx, r.input) : wallet.ops.transfer(ctx, r.input);
      }),
    );
    const stored = await db.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM ledger_operations o JOIN unnest($1::text[], $2::text[]) AS k(scope, key) ON o.scope = k.scope AND o.idempotency_key = k.key',
      [inDoubt.map((r) => r.scope), inDoubt.map((r) => r.key)],
    );
    expect(stored.rows[0]?.n).toBe(inDoubt.length);
    // Exactly once: every wallet holds its funding plus the effect of each request sent, no more.
    for (const r of killed.sent.values()) {
      if (r.kind === 'consume') consumed(r.scope, r.input.units, r.input.unitPriceCredits);
      else {
        move(r.input.fromId, -r.input.amountCentiCredits);
        move(r.input.toId, r.input.amountCentiCredits);
      }
    }
    const ids = [...partners, ...clients];
    const balances = await Promise.all(ids.map(async (id) => (await walletBalance(db, id)).postedCentiCredits));
    expect(balances).toEqual(ids.map((id) => expected.get(id) ?? fundedCentiCredits));
    return inDoubt.length;
  }

  it('killing the process mid-transfer leaves no half transfer, twice in a row', async () => {
    requireTestDatabaseUrl();
    for (const [round, acks] of acksBeforeKill.entries()) {
      const killed = await runAndKill(round, acks);
      expect(killed.signal).toBe('SIGKILL');
      expect(killed.failed).toEqual([]);
      expect(killed.acked.size).toBeGreaterThanOrEqual(acks);
      await expectWholeBooks(killed);
      // Every worker had a request in flight when the process died.
      expect(await resend(killed)).toBeGreaterThan(0);
      await expectWholeBooks(killed);
    }
  }, 60_000);
});
