// Proves, over random sequences of wallet operations (fast-check), that the ledger behaves
// exactly like a plain model of each wallet's posted and held credits and of its open holds:
// every top-up, bonus, transfer, consumption, hold, capture and release is accepted or
// refused as the model predicts (overdraft → INSUFFICIENT_FUNDS, a resolved hold →
// HOLD_ALREADY_RESOLVED, a capture over the hold → AMOUNT_EXCEEDS_HOLD), a request sent
// again with its key is a replay that changes nothing (unless it was refused: then it runs
// anew), the key with another body is IDEMPOTENCY_KEY_REUSED, and every balance a holder
// sees matches the model. Bursts of concurrent debits (one double-clicked) may land in any
// order: only order-free invariants are checked for them (nothing overdrawn, nothing applied
// twice, no refusal of a debit that would have fitted). After every run the ledger check
// passes and the books sum to zero.
import { randomInt } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { AppError } from '@ismail/shared';
import type { Database } from '../src/platform/db/database.js';
import { walletBalance } from '../src/modules/wallet/history.js';
import { checkLedger } from '../src/modules/wallet/ledger-check.js';
import type { LedgerOutcome, OperationResult } from '../src/modules/wallet/ledger-types.js';
import type { WriteContext } from '../src/modules/wallet/operations.js';
import { testBackends } from './support/databases.js';
import {
  as,
  cashHub,
  insertAccount,
  salesTree,
  system,
  walletStack,
  type WalletStack,
} from './support/wallet-fixtures.js';

/** Wallets 0-2 are clients; wallet 3 is a partner whose junior rep and team lead earn commissions. */
const walletCount = 4;
const partner = 3;
/** product_listing: 2 credits a unit, no cashback; the VAT and commission legs leave from revenue, not the wallet. */
const unitCentiCredits = 200;
const repCentiCreditsPerUnit = 8; // junior rep: 4 %
const leadCentiCreditsPerUnit = 4; // team lead: 2 %
const holdSeconds = 3600;

// ---- Commands ---------------------------------------------------------------------------

type Debit =
  | { readonly t: 'transfer'; readonly from: number; readonly to: number; readonly amount: number }
  | { readonly t: 'consume'; readonly from: number; readonly units: number }
  | { readonly t: 'hold'; readonly from: number; readonly to: number | null; readonly amount: number };
type Fresh =
  | { readonly t: 'topUp'; readonly to: number; readonly xof: number }
  | { readonly t: 'bonus'; readonly to: number; readonly amount: number }
  | Debit;
type Step =
  | Fresh
  /** `hold` and `of` pick among the holds / earlier requests of the run (modulo their number). */
  | { readonly t: 'capture'; readonly hold: number; readonly amount: number | null }
  | { readonly t: 'release'; readonly hold: number }
  | { readonly t: 'replay'; readonly of: number }
  | { readonly t: 'reuse'; readonly of: number }
  | { readonly t: 'burst'; readonly debits: readonly Debit[]; readonly doubleClick: boolean };

interface HoldModel {
  readonly id: string;
  readonly from: number;
  readonly to: number | null;
  readonly amount: number;
  resolved: boolean;
}

/** A request as sent: fresh ones, or a capture / release of a known hold. */
type Op =
  | Fresh
  | { readonly t: 'capture'; readonly hold: HoldModel; readonly amount: number | null }
  | { readonly t: 'release'; readonly hold: HoldModel };

const wallet = fc.integer({ min: 0, max: walletCount - 1 });
/** Another wallet than `from`: `k` steps round the ring. */
const otherThan = (from: number, k: number): number => (from + 1 + k) % walletCount;
const ring = fc.nat({ max: walletCount - 2 });

const transferArb = fc
  .record({ from: wallet, k: ring, amount: fc.integer({ min: 1, max: 2_500 }) })
  .map(({ from, k, amount }): Debit => ({ t: 'transfer', from, to: otherThan(from, k), amount }));
const consumeArb = fc
  .record({ from: wallet, units: fc.integer({ min: 1, max: 8 }) })
  .map(({ from, units }): Debit => ({ t: 'consume', from, units }));
const holdArb = fc
  .record({ from: wallet, k: fc.option(ring, { nil: null }), amount: fc.integer({ min: 1, max: 2_500 }) })
  .map(({ from, k, amount }): Debit => ({ t: 'hold', from, to: k === null ? null : otherThan(from, k), amount }));
const debitArb = fc.oneof(transferArb, consumeArb, holdArb);

const sequentialStepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({ t: fc.constant('topUp' as const), to: wallet, xof: fc.integer({ min: 10, max: 1_500 }) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ t: fc.constant('bonus' as const), to: wallet, amount: fc.integer({ min: 1, max: 1_000 }) }),
  },
  { weight: 3, arbitrary: transferArb },
  { weight: 2, arbitrary: consumeArb },
  { weight: 3, arbitrary: holdArb },
  {
    weight: 3,
    arbitrary: fc.record({
      t: fc.constant('capture' as const),
      hold: fc.nat(),
      amount: fc.option(fc.integer({ min: 1, max: 2_600 }), { nil: null }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('release' as const), hold: fc.nat() }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('replay' as const), of: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('reuse' as const), of: fc.nat() }) },
);
const burstArb: fc.Arbitrary<Step> = fc.record({
  t: fc.constant('burst' as const),
  debits: fc.array(debitArb, { minLength: 2, maxLength: 6 }),
  doubleClick: fc.boolean(),
});

// ---- The model --------------------------------------------------------------------------

interface Model {
  readonly posted: number[];
  readonly held: number[];
  repCommissions: number;
  leadCommissions: number;
  readonly holds: HoldModel[];
}

const availableIn = (m: Model, w: number): number => (m.posted[w] ?? 0) - (m.held[w] ?? 0);

/** What leaves `from`'s available balance, for the debits. */
function debitAmount(op: Debit): number {
  return op.t === 'consume' ? op.units * unitCentiCredits : op.amount;
}

/** 'accepted' or the refusal code the model expects for `op` now. */
function predict(m: Model, op: Op): string {
  switch (op.t) {
    case 'topUp':
    case 'bonus':
      return 'accepted';
    case 'transfer':
    case 'consume':
    case 'hold':
      return debitAmount(op) <= availableIn(m, op.from) ? 'accepted' : 'INSUFFICIENT_FUNDS';
    case 'capture':
      if (op.hold.resolved) return 'HOLD_ALREADY_RESOLVED';
      return op.amount !== null && op.amount > op.hold.amount ? 'AMOUNT_EXCEEDS_HOLD' : 'accepted';
    case 'release':
      return op.hold.resolved ? 'HOLD_ALREADY_RESOLVED' : 'accepted';
  }
}

const add = (list: number[], i: number, delta: number): void => {
  list[i] = (list[i] ?? 0) + delta;
};

/** Applies an accepted `op` to the model. */
function apply(m: Model, op: Op, result: OperationResult): void {
  switch (op.t) {
    case 'topUp':
      add(m.posted, op.to, op.xof * 2); // 50 FCFA a credit: 1 FCFA = 2 centi-credits
      return;
    case 'bonus':
      add(m.posted, op.to, op.amount);
      return;
    case 'transfer':
      add(m.posted, op.from, -op.amount);
      add(m.posted, op.to, op.amount);
      return;
    case 'consume':
      add(m.posted, op.from, -op.units * unitCentiCredits);
      if (op.from === partner) {
        m.repCommissions += op.units * repCentiCreditsPerUnit;
        m.leadCommissions += op.units * leadCentiCreditsPerUnit;
      }
      return;
    case 'hold': {
      add(m.held, op.from, op.amount);
      const id = result.transfers[0]?.id;
      if (id === undefined) throw new Error('an accepted hold has no transfer');
      m.holds.push({ id, from: op.from, to: op.to, amount: op.amount, resolved: false });
      return;
    }
    case 'capture': {
      const captured = op.amount ?? op.hold.amount;
      add(m.held, op.hold.from, -op.hold.amount);
      add(m.posted, op.hold.from, -captured);
      if (op.hold.to !== null) add(m.posted, op.hold.to, captured);
      op.hold.resolved = true;
      return;
    }
    case 'release':
      add(m.held, op.hold.from, -op.hold.amount);
      op.hold.resolved = true;
      return;
  }
}

/** The same request with another body (for IDEMPOTENCY_KEY_REUSED). */
function otherBody(op: Op): Op {
  switch (op.t) {
    case 'topUp':
      return { ...op, xof: op.xof + 1 };
    case 'bonus':
    case 'transfer':
    case 'hold':
      return { ...op, amount: op.amount + 1 };
    case 'consume':
      return { ...op, units: op.units + 1 };
    case 'capture':
      return { ...op, amount: (op.amount ?? 0) + 1 };
    case 'release':
      return { ...op, hold: { ...op.hold, id: '00000000-0000-4000-8000-000000000000' } };
  }
}

const describeOp = (op: Op): string => JSON.stringify(op, (key, value: unknown) => (key === 'id' ? undefined : value));

/**
 * A fixed number of runs and no time limit: a property never passes by running out of time.
 * No shrinking here (endOnFailure): each run drives the real ledger, and shrinking a failure
 * took over 5 minutes when tried. fast-check's error gives the counterexample with its seed and
 * path, and the seed is also printed whenever the test fails otherwise (a timeout, say); replay
 * with `{ seed, path }` and without endOnFailure to shrink it.
 */
async function assertProperty<T>(property: fc.IAsyncProperty<T>, numRuns: number): Promise<void> {
  const seed = randomInt(-(2 ** 31), 2 ** 31);
  onTestFailed(() => {
    process.stderr.write(
      `wallet properties: this run used seed ${String(seed)}; replay it with fc.assert(property, { seed: ${String(seed)}, numRuns: ${String(numRuns)} })\n`,
    );
  });
  await fc.assert(property, { numRuns, seed, endOnFailure: true });
}

// ---- Running commands against the real ledger ------------------------------------------------

type Tried = { readonly ok: true; readonly outcome: LedgerOutcome } | { readonly ok: false; readonly code: string };

async function attempt(promise: Promise<LedgerOutcome>): Promise<Tried> {
  try {
    return { ok: true, outcome: await promise };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, code: error.code };
    throw error;
  }
}

const verdict = (tried: Tried): string => (!tried.ok ? tried.code : tried.outcome.replayed ? 'replayed' : 'accepted');

/** A request sent in the run: replayable later with the same context; `stored` once accepted. */
interface Sent {
  readonly op: Op;
  readonly ctx: WriteContext;
  stored: OperationResult | null;
}

describe.each(testBackends)('wallet ledger against a model on $name', (backend) => {
  let db: Database;
  let wallet: WalletStack;

  beforeAll(async () => {
    db = await backend.open();
    wallet = await walletStack(db);
  });
  afterAll(async () => {
    await db.close();
  });

  /** One run's people: fresh accounts, so runs (and fast-check's shrinking) never interfere. */
  async function people(): Promise<{ ids: string[]; rep: string; chief: string }> {
    const clients = [
      await insertAccount(db, 'client'),
      await insertAccount(db, 'client'),
      await insertAccount(db, 'client'),
    ];
    const tree = await salesTree(db);
    return { ids: [...clients, tree.partner], rep: tree.rep, chief: tree.chief };
  }

  function send(ids: readonly string[], op: Op, ctx: WriteContext): Promise<LedgerOutcome> {
    const id = (w: number): string => ids[w] ?? '';
    switch (op.t) {
      case 'topUp':
        return cashHub(db).then((hubId) =>
          wallet.ops.buyCreditsWithCash(ctx, { accountId: id(op.to), hubId, amountXof: op.xof }),
        );
      case 'bonus':
        return wallet.ops.bonus(ctx, { accountId: id(op.to), amountCentiCredits: op.amount, reason: 'property test' });
      case 'transfer':
        return wallet.ops.transfer(ctx, { fromId: id(op.from), toId: id(op.to), amountCentiCredits: op.amount });
      case 'consume':
        return wallet.ops.consume(ctx, { accountId: id(op.from), tariffCode: 'product_listing', units: op.units });
      case 'hold':
        return wallet.ops.hold(ctx, {
          payerId: id(op.from),
          payeeId: op.to === null ? undefined : id(op.to),
          module: 'shop',
          amountCentiCredits: op.amount,
          timeoutSeconds: holdSeconds,
        });
      case 'capture':
        return wallet.ops.capture(ctx, { holdId: op.hold.id, amountCentiCredits: op.amount ?? undefined });
      case 'release':
        return wallet.ops.release(ctx, { holdId: op.hold.id });
    }
  }

  /** Who sends it: the payer, the payee of a hold (the platform when the shop's revenue is the payee). */
  function contextFor(ids: readonly string[], op: Op): WriteContext {
    const who = (w: number | null): WriteContext => (w === null ? system() : as(ids[w] ?? ''));
    switch (op.t) {
      case 'topUp':
        return who(op.to);
      case 'bonus':
        return system();
      case 'transfer':
      case 'consume':
      case 'hold':
        return who(op.from);
      case 'capture':
      case 'release':
        return who(op.hold.to);
    }
  }

  async function expectBalances(ids: readonly string[], m: Model, where: string): Promise<void> {
    const seen = await Promise.all(ids.map((id) => walletBalance(db, id)));
    const want = ids.map((id, w) => ({
      accountId: id,
      postedCentiCredits: m.posted[w] ?? 0,
      heldCentiCredits: m.held[w] ?? 0,
      availableCentiCredits: availableIn(m, w),
    }));
    expect(seen, where).toEqual(want);
  }

  async function runSteps(steps: readonly Step[]): Promise<void> {
    const { ids, rep, chief } = await people();
    const m: Model = {
      posted: ids.map(() => 0),
      held: ids.map(() => 0),
      repCommissions: 0,
      leadCommissions: 0,
      holds: [],
    };
    const sent: Sent[] = [];
    const trace: string[] = [];
    const where = (): string => `after:\n  ${trace.join('\n  ')}`;
    // Every wallet starts with 20 credits, so debits are accepted about as often as refused.
    const funding: Step[] = ids.map((_, to) => ({ t: 'topUp', to, xof: 1_000 }));

    /** Sends one request and checks the outcome the model predicted, then applies it. */
    const sendPredicted = async (op: Op, ctx: WriteContext): Promise<OperationResult | null> => {
      const expected = predict(m, op);
      const tried = await attempt(send(ids, op, ctx));
      trace.push(`${describeOp(op)} → ${verdict(tried)}`);
      expect(verdict(tried), where()).toBe(expected);
      if (!tried.ok) return null;
      apply(m, op, tried.outcome.result);
      return tried.outcome.result;
    };

    for (const step of [...funding, ...steps]) {
      switch (step.t) {
        case 'capture':
        case 'release': {
          const hold = m.holds[step.hold % Math.max(1, m.holds.length)];
          if (hold === undefined) continue;
          const op: Op = step.t === 'capture' ? { t: 'capture', hold, amount: step.amount } : { t: 'release', hold };
          const ctx = contextFor(ids, op);
          sent.push({ op, ctx, stored: await sendPredicted(op, ctx) });
          break;
        }
        case 'replay': {
          const earlier = sent[step.of % Math.max(1, sent.length)];
          if (earlier === undefined) continue;
          if (earlier.stored === null) {
            // A refusal is not stored: the same key runs again, against today's balances.
            earlier.stored = await sendPredicted(earlier.op, earlier.ctx);
            break;
          }
          const tried = await attempt(send(ids, earlier.op, earlier.ctx));
          trace.push(`again ${describeOp(earlier.op)} → ${verdict(tried)}`);
          expect(verdict(tried), where()).toBe('replayed');
          if (tried.ok) expect(tried.outcome.result, where()).toEqual(earlier.stored);
          break;
        }
        case 'reuse': {
          const stored = sent.filter((s) => s.stored !== null);
          const earlier = stored[step.of % Math.max(1, stored.length)];
          if (earlier === undefined) continue;
          const op = otherBody(earlier.op);
          const tried = await attempt(send(ids, op, earlier.ctx));
          trace.push(`same key, ${describeOp(op)} → ${verdict(tried)}`);
          expect(verdict(tried), where()).toBe('IDEMPOTENCY_KEY_REUSED');
          break;
        }
        case 'burst':
          await runBurst(ids, m, sent, step.debits, step.doubleClick, trace);
          break;
        case 'topUp':
        case 'bonus':
        case 'transfer':
        case 'consume':
        case 'hold': {
          const ctx = contextFor(ids, step);
          sent.push({ op: step, ctx, stored: await sendPredicted(step, ctx) });
        }
      }
      await expectBalances(ids, m, where());
    }

    // What the holder sees, and what the rep and lead earned, is what the model says.
    await expectBalances(ids, m, where());
    const earned = await db.pool.query<{ code: string; balance: string }>(
      'SELECT code, credits_posted - debits_posted AS balance FROM ledger_accounts WHERE code = ANY($1::text[])',
      [[`commissions_payable:${rep}`, `commissions_payable:${chief}`]],
    );
    const earnedBy = Object.fromEntries(earned.rows.map((r) => [r.code, Number(r.balance)]));
    expect(
      { rep: earnedBy[`commissions_payable:${rep}`] ?? 0, lead: earnedBy[`commissions_payable:${chief}`] ?? 0 },
      where(),
    ).toEqual({ rep: m.repCommissions, lead: m.leadCommissions });
    const overdrawn = await db.pool.query(
      "SELECT code FROM ledger_accounts WHERE kind = 'wallet' AND credits_posted - debits_posted - debits_pending < 0",
    );
    expect(overdrawn.rows, where()).toEqual([]);
    const report = await checkLedger(db);
    expect(report.problems, where()).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.totals.sumOfBalances).toBe(0);
  }

  /**
   * Debits sent all at once (the first one twice with the same key when `doubleClick`). The
   * order they commit in is not ours to know, so only what holds for every order is checked.
   */
  async function runBurst(
    ids: readonly string[],
    m: Model,
    sent: Sent[],
    debits: readonly Debit[],
    doubleClick: boolean,
    trace: string[],
  ): Promise<void> {
    const requests = debits.map((op) => ({ op, ctx: contextFor(ids, op) }));
    const before = ids.map((_, w) => availableIn(m, w));
    const first = requests[0];
    const copies = doubleClick && first !== undefined ? [...requests, first] : requests;
    const tried = await Promise.all(copies.map((r) => attempt(send(ids, r.op, r.ctx))));
    trace.push(
      `burst ${copies.map((r, i) => `${describeOp(r.op)} → ${verdict(tried[i] ?? { ok: false, code: '?' })}`).join(', ')}${doubleClick ? ' (first sent twice)' : ''}`,
    );
    const where = `after:\n  ${trace.join('\n  ')}`;

    const debited = ids.map(() => 0);
    const refused: Debit[] = [];
    for (const [i, request] of requests.entries()) {
      const outcomes = tried.filter((_, j) => copies[j] === request);
      const accepted = outcomes.flatMap((o) => (o.ok && !o.outcome.replayed ? [o.outcome.result] : []));
      const replayed = outcomes.flatMap((o) => (o.ok && o.outcome.replayed ? [o.outcome.result] : []));
      // A copy with the same key is applied once: the other copy replays it, or is refused.
      expect(accepted.length, where).toBeLessThanOrEqual(1);
      for (const r of replayed) expect(r.operationId, where).toBe(accepted[0]?.operationId);
      const allowed =
        outcomes.length > 1
          ? ['accepted', 'replayed', 'INSUFFICIENT_FUNDS', 'CONFLICT']
          : ['accepted', 'INSUFFICIENT_FUNDS'];
      for (const o of outcomes) expect(allowed, `request ${String(i)}; ${where}`).toContain(verdict(o));
      const result = accepted[0];
      if (result === undefined) {
        refused.push(request.op);
      } else {
        apply(m, request.op, result);
        add(debited, request.op.from, debitAmount(request.op));
      }
      sent.push({ op: request.op, ctx: request.ctx, stored: result ?? null });
    }
    for (const [w, funds] of before.entries()) {
      const asked = requests.filter((r) => r.op.from === w).reduce((sum, r) => sum + debitAmount(r.op), 0);
      // Everything fitted: nothing may be refused, whatever the order.
      if (asked <= funds)
        expect(
          refused.filter((op) => op.from === w),
          where,
        ).toEqual([]);
    }
    for (const op of refused) {
      // A refused debit did not fit even beside the others that got through from its wallet.
      expect(debitAmount(op), `${describeOp(op)} refused; ${where}`).toBeGreaterThan(
        (before[op.from] ?? 0) - (debited[op.from] ?? 0),
      );
    }
  }

  it(
    'predicts every outcome of random operation sequences: balances, overdrafts, holds resolved once, replays and reused keys',
    async () => {
      await assertProperty(
        fc.asyncProperty(fc.array(sequentialStepArb, { minLength: 5, maxLength: 25, size: 'max' }), async (steps) => {
          await runSteps(steps);
        }),
        15,
      );
    },
    // 15 runs took 4-14 s (PGlite or server, 2 busy cores): the fixed runs with 8 times headroom.
    120_000,
  );

  it(
    'keeps balances exact with no overdraft and no double application when bursts of debits race',
    async () => {
      await assertProperty(
        fc.asyncProperty(
          fc.array(fc.oneof({ weight: 3, arbitrary: sequentialStepArb }, { weight: 1, arbitrary: burstArb }), {
            minLength: 5,
            maxLength: 20,
            size: 'max',
          }),
          async (steps) => {
            await runSteps(steps);
          },
        ),
        10,
      );
    },
    // 10 runs took 2-9 s.
    120_000,
  );
});
