/**
 * One hub's pushes spread over two cloud processes, as a hub behind a load balancer that times out and retries
 * would send them: each round's batch goes through the balancer, the previous round's batch is retried ahead of it
 * directly at one process, and the round's tail alone at the other a moment later, all at once. A last push of
 * everything through the balancer (at both, one after the other) settles what was answered "not applied" or 429.
 */
import type { HubOperation, OperationOutcome, PushResponse } from '@ismail/shared';
import type { Holder } from './hub-sales.js';
import { sendAsHub } from './plain-http.js';
import type { HubOps } from './process-hub-ops.js';
import type { TestHub } from './test-hub.js';

export interface PushPlan {
  readonly rounds: number;
  /** The balancer, then each process directly. */
  readonly proxyUrl: string;
  readonly directUrls: readonly [string, string];
  readonly hub: TestHub;
  readonly ops: HubOps;
  readonly payer: Holder;
  /** An account id no one has: its top-ups are refused. */
  readonly nobody: string;
}

export interface PushRecord {
  /** Every operation, in the hub's sequence. */
  readonly all: HubOperation[];
  /** Every outcome any process answered (repeats kept). */
  readonly answers: OperationOutcome[];
  /** Pushes answered 429 (another process held the hub's lock past the wait): sent again at the end. */
  readonly busy: number;
  readonly counts: { sales: number; walletSales: number; topUps: number; refusedTopUps: number; alarms: number };
}

/** Each round's top-up: 40 credits at 50 FCFA, twice the round's wallet sale, so the wallet keeps credits to spend. */
export const topUpXof = 2_000;
/** Settling pushes sent at most: each waits 10 s at most for the hub's lock, so this bounds the settling. */
const settleTriesMax = 6;

async function push(url: string, hub: TestHub, operations: readonly HubOperation[]): Promise<PushResponse | 'busy'> {
  const answer = await sendAsHub(url, hub, '/v1/hubs/sync/push', {
    method: 'POST',
    body: { operations },
    extraHeaders: { 'x-hub-time': new Date().toISOString() },
  });
  if (answer.status === 429) return 'busy';
  if (answer.status !== 200) throw new Error(`push answered HTTP ${String(answer.status)}: ${answer.body}`);
  return answer.json<PushResponse>();
}

export async function pushInterleaved(plan: PushPlan): Promise<PushRecord> {
  const { hub, ops } = plan;
  const all: HubOperation[] = [];
  const answers: OperationOutcome[] = [];
  const counts = { sales: 0, walletSales: 0, topUps: 0, refusedTopUps: 0, alarms: 0 };
  let busy = 0;
  let invoice = 0;
  let previous: HubOperation[] = [];
  const take = (answer: PushResponse | 'busy'): void => {
    if (answer === 'busy') busy++;
    else answers.push(...answer.outcomes);
  };
  for (let round = 0; round < plan.rounds; round++) {
    const cash = (): HubOperation => {
      counts.sales++;
      return ops.sale({ quantity: 1, payment: { method: 'cash' }, sequence: ++invoice });
    };
    const batch: HubOperation[] = [cash(), cash()];
    batch.push(ops.topUp({ accountId: plan.payer.accountId, amountXof: topUpXof }));
    counts.topUps++;
    batch.push(ops.topUp({ accountId: plan.nobody, amountXof: 500 }));
    counts.refusedTopUps++;
    batch.push(ops.sale({ quantity: 1, payment: await ops.walletPayment(plan.payer, 1), sequence: ++invoice }));
    counts.sales++;
    counts.walletSales++;
    batch.push(ops.alarm('door_forced'));
    counts.alarms++;
    batch.push(cash());
    all.push(...batch);
    const first = round % 2;
    const retryAt = plan.directUrls[first] as string;
    const tailAt = plan.directUrls[1 - first] as string;
    const sent = await Promise.all([
      push(plan.proxyUrl, hub, batch),
      push(retryAt, hub, [...previous, ...batch]),
      new Promise((resolve) => setTimeout(resolve, round % 3)).then(() => push(tailAt, hub, batch.slice(3))),
    ]);
    sent.forEach(take);
    previous = batch;
  }
  // Through the balancer until two pushes in a row are answered (consecutive connections: one at each process).
  for (let answered = 0, tries = 0; answered < 2; tries++) {
    if (tries >= settleTriesMax)
      throw new Error(`the settling push was still answered 429 after ${String(tries)} tries`);
    const answer = await push(plan.proxyUrl, hub, all);
    take(answer);
    answered = answer === 'busy' ? 0 : answered + 1;
  }
  return { all, answers, busy, counts };
}
