/**
 * One hub's pushes across two cloud instances on one PostgreSQL server (issue 29.2): each instance has its own pool,
 * its own in-process push queue and its own ledger writer, as two processes behind a load balancer would. The same
 * signed batches reach both at the same moment, with retries of the previous round interleaved: every operation is
 * recorded once, never "rejected" at one instance while applied at the other, one invoice per sale, the hub's
 * sequence contiguous, and the ledger check passes.
 *
 * Runs on the PostgreSQL server only (PGlite serves one connection to one process): without ISMAIL_TEST_DATABASE_URL
 * the test fails saying so, it never passes silently.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubOperation, OperationOutcome, PushResponse } from '@ismail/shared';
import { requireTestDatabaseUrl } from '../../tools/test-support/system-tools.js';
import { serverName } from '../../tools/test-support/test-databases.js';
import { buildCloudApp } from '../src/app.js';
import type { Database } from '../src/platform/db/database.js';
import { checkLedger } from '../src/modules/wallet/ledger-check.js';
import { walletBalance } from '../src/modules/wallet/history.js';
import { testBackends } from './support/databases.js';
import { garbaCentiCredits, openCounter, type Counter, type Holder } from './support/hub-sales.js';
import { hubPushLockSpace } from '../src/modules/hubs/push-lock.js';
import { contentHash, OperationOutcomes } from '../src/modules/hubs/operation-outcomes.js';
import { RecordedElsewhere, type TypedOperation } from '../src/modules/hubs/operation-registry.js';
import { hubAuthenticationRecord } from '../src/modules/hubs/registry.js';

const rounds = 12;

describe('one hub pushing to two cloud instances on one PostgreSQL server (needs ISMAIL_TEST_DATABASE_URL)', () => {
  const backend = testBackends.find((b) => b.name === serverName);
  let counter: Counter;
  let second: { db: Database; app: FastifyInstance };
  let holder: Holder;

  beforeAll(async () => {
    if (backend === undefined) return;
    counter = await openCounter(backend);
    // A second instance on the same database, as another process: its own pool, the same secrets.
    const pool = new pg.Pool({ ...counter.db.pool.options, max: 10 });
    pool.on('error', () => undefined);
    const db: Database = {
      pool,
      kind: 'server',
      direct: pool.options,
      description: 'second instance',
      close: () => pool.end(),
    };
    second = {
      db,
      app: await buildCloudApp({ schemaCompilation: 'on-first-use', db, logLevel: 'error', ...counter.secrets }),
    };
    holder = await counter.holder('clientA');
  }, 120_000);

  afterAll(async () => {
    await second?.app.close();
    await second?.db.close();
    await counter?.close();
  });

  const send = async (app: FastifyInstance, operations: readonly HubOperation[]): Promise<PushResponse> => {
    const response = await counter.hub.inject(app, {
      method: 'POST',
      url: '/v1/hubs/sync/push',
      payload: { operations },
      headers: { 'x-hub-time': new Date().toISOString() },
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<PushResponse>();
  };

  it('records each operation once, never rejected at one instance and applied at the other, with one invoice per sale', async () => {
    requireTestDatabaseUrl();
    const apps = [counter.app, second.app];
    const all: HubOperation[] = [];
    const answers: OperationOutcome[] = [];
    let invoice = 0;
    let sales = 0;
    let walletSales = 0;
    let topUps = 0;
    let previous: HubOperation[] = [];
    for (let round = 0; round < rounds; round++) {
      const ops: HubOperation[] = [];
      const cash = () => {
        sales++;
        return counter.sale({ quantity: 1, payment: { method: 'cash' }, sequence: ++invoice });
      };
      ops.push(cash(), cash());
      ops.push(counter.topUp({ accountId: holder.accountId, amountXof: 1_000 }));
      topUps++;
      // A top-up for no one: refused, and the sequence moves on.
      ops.push(counter.topUp({ accountId: randomUUID(), amountXof: 500 }));
      sales++;
      walletSales++;
      ops.push(counter.sale({ quantity: 1, payment: await counter.walletPayment(holder, 1), sequence: ++invoice }));
      ops.push(cash(), cash());
      all.push(...ops);
      // The same batch at both instances at once, the previous round's retried ahead of it at one, and its tail
      // alone at the other a moment later (a hub retrying after a timeout).
      const first = round % 2;
      const pushes = [
        send(apps[first] as FastifyInstance, ops),
        send(apps[1 - first] as FastifyInstance, [...previous, ...ops]),
        new Promise((resolve) => setTimeout(resolve, round % 3)).then(() =>
          send(apps[1 - first] as FastifyInstance, ops.slice(3)),
        ),
      ];
      for (const answer of await Promise.all(pushes)) answers.push(...answer.outcomes);
      previous = ops;
    }
    // A last push of everything settles whatever was answered "not applied" (waiting behind another push).
    for (const answer of await Promise.all(apps.map((app) => send(app, all)))) answers.push(...answer.outcomes);

    const { rows: recorded } = await counter.db.pool.query<{ op_id: string; seq: string; status: string }>(
      'SELECT op_id, seq, status FROM hub_operations WHERE hub_id = $1 ORDER BY seq',
      [counter.hub.id],
    );
    // Every operation id recorded once, at the sequence the hub gave it, contiguous from 1.
    expect(recorded.map((r) => r.op_id)).toEqual(all.map((op) => op.id));
    expect(recorded.map((r) => Number(r.seq))).toEqual(all.map((_, i) => i + 1));
    const lastApplied = await counter.db.pool.query<{ last_applied_seq: string }>(
      'SELECT last_applied_seq FROM hubs WHERE id = $1',
      [counter.hub.id],
    );
    expect(Number(lastApplied.rows[0]?.last_applied_seq)).toBe(all.length);
    const status = new Map(recorded.map((r) => [r.op_id, r.status]));
    // No instance answered an outcome other than the one recorded ("duplicate" and "not applied" say nothing).
    const contradicted = answers.filter(
      (a) => (a.status === 'applied' || a.status === 'rejected') && status.get(a.id) !== a.status,
    );
    expect(contradicted).toEqual([]);
    expect([...status.values()].filter((s) => s === 'rejected').length).toBe(rounds);

    // One invoice per sale, numbered without a gap; one stock move per sale line.
    const { rows: invoices } = await counter.db.pool.query<{ source_ref: string; n: string }>(
      "SELECT source_ref, count(*) AS n FROM invoices WHERE source = 'hub_sale' GROUP BY source_ref",
    );
    expect(invoices.length).toBe(sales);
    expect(invoices.filter((r) => r.n !== '1')).toEqual([]);
    const moves = await counter.db.pool.query<{ n: string }>(
      "SELECT count(*) AS n FROM shop_stock_movements WHERE reason = 'hub_sale'",
    );
    expect(Number(moves.rows[0]?.n)).toBe(sales);
    expect(await counter.app.shop.stock(counter.productId, `hub:${counter.hub.id}`)).toBe(-sales);

    // The money moved once per operation: 20 credits a top-up in, one garba a wallet sale out.
    const balance = await walletBalance(counter.db, holder.accountId);
    expect(balance.availableCentiCredits).toBe(topUps * 2_000 - walletSales * garbaCentiCredits);
    const report = await checkLedger(counter.db);
    expect(report.ok, JSON.stringify(report)).toBe(true);
  }, 300_000);
});

describe('the hub push lock on a PostgreSQL server (needs ISMAIL_TEST_DATABASE_URL)', () => {
  const backend = testBackends.find((b) => b.name === serverName);
  let counter: Counter;

  beforeAll(async () => {
    if (backend !== undefined) counter = await openCounter(backend);
  }, 120_000);
  afterAll(async () => {
    await counter?.close();
  });

  it("makes a push wait while another process holds the hub's lock, then applies it", async () => {
    requireTestDatabaseUrl();
    const holder = await counter.holder('clientA');
    // Another process's push, as the lock it holds.
    const other = await counter.db.pool.connect();
    try {
      await other.query('BEGIN');
      await other.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [hubPushLockSpace, counter.hub.id]);
      const op = counter.topUp({ accountId: holder.accountId, amountXof: 1_000 });
      const pushed = counter.push([op]);
      // The push is seen waiting on that very lock, and has written nothing.
      const deadline = Date.now() + 20_000;
      for (;;) {
        const { rows } = await counter.db.pool.query<{ n: string }>(
          "SELECT count(*) AS n FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' AND NOT l.granted AND l.classid::bigint = $1 AND a.application_name = 'ismail-cloud-hub-push-lock'",
          [hubPushLockSpace],
        );
        if (rows[0]?.n === '1') break;
        if (Date.now() > deadline) throw new Error('the push never waited on the hub lock');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const written = await counter.db.pool.query('SELECT 1 FROM hub_operations WHERE op_id = $1', [op.id]);
      expect(written.rowCount).toBe(0);
      await other.query('COMMIT');
      expect((await pushed).outcomes[0]?.status).toBe('applied');
    } finally {
      await other.query('ROLLBACK').catch(() => undefined);
      other.release();
    }
  }, 60_000);
  it('tells the hub to send again (429) when another process holds its lock longer than a push waits', async () => {
    requireTestDatabaseUrl();
    const holder = await counter.holder('clientA');
    const other = await counter.db.pool.connect();
    try {
      await other.query('BEGIN');
      await other.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [hubPushLockSpace, counter.hub.id]);
      const op = counter.topUp({ accountId: holder.accountId, amountXof: 1_000 });
      const response = await counter.hub.inject(counter.app, {
        method: 'POST',
        url: '/v1/hubs/sync/push',
        payload: { operations: [op] },
      });
      expect(response.statusCode, response.body).toBe(429);
      expect(response.json<{ error: { code: string } }>().error.code).toBe('RATE_LIMITED');
      expect((await counter.db.pool.query('SELECT 1 FROM hub_operations WHERE op_id = $1', [op.id])).rowCount).toBe(0);
      await other.query('COMMIT');
      // The lock connection that timed out went back whole: the next push takes the lock and applies.
      expect((await counter.push([op])).outcomes[0]?.status).toBe('applied');
    } finally {
      await other.query('ROLLBACK').catch(() => undefined);
      other.release();
    }
  }, 60_000);
});

describe.each(testBackends)('an outcome written with the money it moves on $name', (backend) => {
  let counter: Counter;

  beforeAll(async () => {
    counter = await openCounter(backend);
  }, 120_000);
  afterAll(async () => {
    await counter?.close();
  });

  /** Makes writing the outcome of `opId` fail, as a process dying at that moment would leave it unwritten. */
  const failOutcomeOf = async (opId: string | null): Promise<void> => {
    await counter.db.pool.query(
      `CREATE OR REPLACE FUNCTION test_fail_outcome() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF NEW.op_id::text = ${opId === null ? 'NULL' : `'${opId}'`} THEN RAISE EXCEPTION 'outcome write cut'; END IF;
         RETURN NEW;
       END $$`,
    );
    await counter.db.pool.query(
      'CREATE OR REPLACE TRIGGER test_fail_outcome BEFORE INSERT ON hub_operations FOR EACH ROW EXECUTE FUNCTION test_fail_outcome()',
    );
  };

  const moved = async (opId: string): Promise<number> =>
    Number(
      (
        await counter.db.pool.query<{ n: string }>(
          'SELECT count(*) AS n FROM ledger_operations WHERE scope = $1 AND idempotency_key = $2',
          [`hub:${counter.hub.id}`, opId],
        )
      ).rows[0]?.n,
    );

  it('leaves no credit of a cash top-up without its outcome when the outcome cannot be written, and applies it once after', async () => {
    const holder = await counter.holder('clientA');
    const before = (await walletBalance(counter.db, holder.accountId)).availableCentiCredits;
    const first = counter.topUp({ accountId: holder.accountId, amountXof: 1_000 });
    const cut = counter.topUp({ accountId: holder.accountId, amountXof: 2_000 });
    await failOutcomeOf(cut.id);
    const response = await counter.hub.inject(counter.app, {
      method: 'POST',
      url: '/v1/hubs/sync/push',
      payload: { operations: [first, cut] },
    });
    expect(response.statusCode).toBe(500);
    // The first top-up's credit and outcome stand together; the cut one's credit went with its outcome.
    expect(await moved(first.id)).toBe(1);
    expect(await moved(cut.id)).toBe(0);
    expect((await walletBalance(counter.db, holder.accountId)).availableCentiCredits).toBe(before + 2_000);
    await failOutcomeOf(null);
    const answer = await counter.push([first, cut]);
    expect(answer.outcomes.map((o) => o.status)).toEqual(['duplicate', 'applied']);
    expect(await moved(cut.id)).toBe(1);
    expect((await walletBalance(counter.db, holder.accountId)).availableCentiCredits).toBe(before + 6_000);
    const report = await checkLedger(counter.db);
    expect(report.ok, JSON.stringify(report)).toBe(true);
  }, 60_000);

  it('leaves no wallet payment of a sale, nor a wallet refund of its credit note, without its outcome', async () => {
    const holder = await counter.holder('clientB');
    const balance = async () => (await walletBalance(counter.db, holder.accountId)).availableCentiCredits;
    const cutPush = async (op: HubOperation): Promise<void> => {
      await failOutcomeOf(op.id);
      const response = await counter.hub.inject(counter.app, {
        method: 'POST',
        url: '/v1/hubs/sync/push',
        payload: { operations: [op] },
      });
      expect(response.statusCode).toBe(500);
      await failOutcomeOf(null);
    };
    expect(
      (await counter.push([counter.topUp({ accountId: holder.accountId, amountXof: 2_000 })])).outcomes[0]?.status,
    ).toBe('applied');
    const start = await balance();
    const sale = counter.sale({ quantity: 1, payment: await counter.walletPayment(holder, 1) });
    await cutPush(sale);
    expect(await moved(sale.id)).toBe(0);
    expect(await balance()).toBe(start);
    expect((await counter.push([sale])).outcomes[0]?.status).toBe('applied');
    expect(await balance()).toBe(start - garbaCentiCredits);
    const credit = counter.creditNote({
      sale,
      lines: [{ index: 0, quantityMilli: 1_000 }],
      refund: { method: 'wallet', amountCentiCredits: garbaCentiCredits },
    });
    await cutPush(credit);
    // Before, the refund stayed without its outcome, and the push sent again found the line credited: "rejected".
    expect(await moved(credit.id)).toBe(0);
    expect(await balance()).toBe(start - garbaCentiCredits);
    const answer = (await counter.push([credit])).outcomes[0];
    expect(answer?.status, JSON.stringify(answer)).toBe('applied');
    expect(await moved(credit.id)).toBe(1);
    expect(await balance()).toBe(start);
    const report = await checkLedger(counter.db);
    expect(report.ok, JSON.stringify(report)).toBe(true);
  }, 60_000);

  it("rolls a wallet sale's payment back when another push recorded that operation first", async () => {
    const holder = await counter.holder('clientB');
    const balance = async () => (await walletBalance(counter.db, holder.accountId)).availableCentiCredits;
    const start = await balance();
    const sale = counter.sale({ quantity: 1, payment: await counter.walletPayment(holder, 1) });
    // What a push that had lost its lock would leave: this operation recorded "rejected" by the other process, while
    // this one, past its own duplicate check, moves the money.
    await counter.db.pool.query(
      "INSERT INTO hub_operations (hub_id, op_id, seq, type, content_hash, status, reason, code, hub_at) VALUES ($1, $2, $3, $4, $5, 'rejected', 'CONFLICT: raced', 'CONFLICT', $6)",
      [counter.hub.id, sale.id, sale.seq, sale.type, contentHash(sale), sale.at],
    );
    const record = await hubAuthenticationRecord(counter.db, counter.hub.id);
    const applyRecorded = counter.app.hubOperations.handlerOf('shop.sale')?.applyRecorded;
    if (record === null || applyRecorded === undefined) throw new Error('no hub or no shop.sale handler');
    await expect(
      applyRecorded(record.hub, sale as TypedOperation<'shop.sale'>, new OperationOutcomes(counter.db)),
    ).rejects.toBeInstanceOf(RecordedElsewhere);
    expect(await moved(sale.id)).toBe(0);
    expect(await balance()).toBe(start);
    const number = (sale.payload as { invoice: { number: string } }).invoice.number;
    expect((await counter.db.pool.query('SELECT 1 FROM invoices WHERE number = $1', [number])).rowCount).toBe(0);
    // The hub is answered what was recorded, and the sequence moves on past it.
    expect((await counter.push([sale])).outcomes[0]?.status).toBe('duplicate');
    const last = await counter.db.pool.query<{ n: string }>('SELECT last_applied_seq AS n FROM hubs WHERE id = $1', [
      counter.hub.id,
    ]);
    expect(Number(last.rows[0]?.n)).toBe(sale.seq);
  }, 60_000);

  it('leaves no invoice of a cash sale without its outcome when the outcome cannot be written', async () => {
    const sale = counter.sale({ quantity: 1, payment: { method: 'cash' } });
    const number = (sale.payload as { invoice: { number: string } }).invoice.number;
    await failOutcomeOf(sale.id);
    const response = await counter.hub.inject(counter.app, {
      method: 'POST',
      url: '/v1/hubs/sync/push',
      payload: { operations: [sale] },
    });
    expect(response.statusCode).toBe(500);
    const invoices = async () =>
      (await counter.db.pool.query('SELECT 1 FROM invoices WHERE number = $1', [number])).rowCount;
    expect(await invoices()).toBe(0);
    await failOutcomeOf(null);
    expect((await counter.push([sale])).outcomes[0]?.status).toBe('applied');
    expect(await invoices()).toBe(1);
  }, 60_000);
});
