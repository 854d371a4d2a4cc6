// The cloud's push (/v1/hubs/sync/push) as a hub meets it, with the suite's own paired hub:
// exactly once per operation id, in the hub's sequence order, replays answered the same,
// and the hub's clock reported but never trusted for order or for signatures.
// The checks share one conformance hub and run in this order (each leaves the sequence where
// the next expects it); a failure stops the ones after it in this file.
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { ConformanceHub } from '../lib/signed-hub.mjs';
import { expect } from '../lib/expect.mjs';

const dayMs = 86_400_000;
/** How far the cloud's clock may sit from the suite's and still be called the same (two machines, NTP). */
const clockToleranceMs = 120_000;

function topUp(ctx, seq, over = {}) {
  return {
    id: randomUUID(),
    seq,
    type: 'wallet.cash_top_up',
    at: new Date().toISOString(),
    payload: { accountId: ctx.clientAccountId, amountXof: 100 },
    ...over,
  };
}

function outcomes(answer, what) {
  expect(answer.status === 200, `${what}: HTTP ${String(answer.status)} ${JSON.stringify(answer.body)}`);
  return answer.body.outcomes;
}

/** This hub as the operator sees it: sequence, clock skew and the cash drawer's ledger balance. */
async function listing(ctx, hubId) {
  const response = await fetch(`${ctx.cloudUrl}/v1/operator/hubs`, {
    headers: { authorization: `Bearer ${ctx.operatorToken}` },
  });
  expect(response.status === 200, `operator hub list: HTTP ${String(response.status)}`);
  const mine = (await response.json()).hubs.find((h) => h.id === hubId);
  expect(mine !== undefined, `the operator's hub list does not show hub ${hubId}`);
  return mine;
}

export function cloudSyncChecks(ctx) {
  const state = {};
  return [
    {
      name: 'cloud push: same operation id and same body answers the same (duplicate, first result)',
      run: async () => {
        state.hub = await ConformanceHub.pair(ctx.cloudUrl, ctx.operatorToken, ctx.partnerId);
        state.op1 = topUp(ctx, 1);
        const [first] = outcomes(await state.hub.push([state.op1]), 'first push');
        expect(first.status === 'applied', `first push: ${JSON.stringify(first)}`);
        expect(first.result !== undefined, 'an applied top-up answers its result (operation id, credits)');
        state.drawerOne = (await listing(ctx, state.hub.identity.hubId)).cashDrawerCentiCredits;
        expect(state.drawerOne !== 0, 'the applied top-up moved nothing in the hub cash drawer');
        const again = await state.hub.push([state.op1]);
        const [second] = outcomes(again, 'second push');
        expect(second.status === 'duplicate', `second push: expected duplicate, got ${JSON.stringify(second)}`);
        expect(isDeepStrictEqual(second.result, first.result), `result differs: ${JSON.stringify([first, second])}`);
        expect(again.body.expectedSeq === 2, `expectedSeq ${String(again.body.expectedSeq)}, want 2`);
        const drawer = (await listing(ctx, state.hub.identity.hubId)).cashDrawerCentiCredits;
        expect(
          drawer === state.drawerOne,
          `the duplicate moved money: drawer ${String(drawer)}, want ${String(state.drawerOne)}`,
        );
      },
    },
    {
      name: 'cloud push: same operation id with another body (or another seq) is refused, nothing applied',
      run: async () => {
        const otherBody = await state.hub.push([{ ...state.op1, payload: { ...state.op1.payload, amountXof: 200 } }]);
        const [a] = outcomes(otherBody, 'other body');
        expect(
          a.status === 'rejected' && (a.code === 'CONFLICT' || a.code === 'IDEMPOTENCY_KEY_REUSED'),
          `other body: expected rejected CONFLICT or IDEMPOTENCY_KEY_REUSED, got ${JSON.stringify(a)}`,
        );
        const otherSeq = await state.hub.push([{ ...state.op1, seq: 2 }]);
        const [b] = outcomes(otherSeq, 'other seq');
        expect(b.status === 'rejected', `same id at seq 2: expected rejected, got ${JSON.stringify(b)}`);
        expect(otherSeq.body.expectedSeq === 2, `expectedSeq moved to ${String(otherSeq.body.expectedSeq)}, want 2`);
        const drawer = (await listing(ctx, state.hub.identity.hubId)).cashDrawerCentiCredits;
        expect(
          drawer === state.drawerOne,
          `a refused push moved money: drawer ${String(drawer)}, want ${String(state.drawerOne)}`,
        );
      },
    },
    {
      name: 'cloud push: a gap is not applied (seq 3 before 2), then 2 and 3 are applied in order',
      run: async () => {
        state.op2 = topUp(ctx, 2);
        state.op3 = topUp(ctx, 3);
        const gap = await state.hub.push([state.op3]);
        const [early] = outcomes(gap, 'seq 3 alone');
        expect(early.status === 'not_applied', `seq 3 before 2: expected not_applied, got ${JSON.stringify(early)}`);
        expect(gap.body.expectedSeq === 2, `expectedSeq ${String(gap.body.expectedSeq)}, want 2`);
        // Sent out of order in one batch: the cloud orders by seq, not by position.
        const filled = await state.hub.push([state.op3, state.op2]);
        const list = outcomes(filled, 'seq 3 then 2');
        expect(
          list.map((o) => `${String(o.seq)}:${o.status}`).join(',') === '2:applied,3:applied',
          `expected 2 then 3 applied, got ${JSON.stringify(list)}`,
        );
        expect(filled.body.expectedSeq === 4, `expectedSeq ${String(filled.body.expectedSeq)}, want 4`);
        state.batch = list;
      },
    },
    {
      name: 'cloud push: a whole batch replayed answers duplicates with the same results',
      run: async () => {
        const replay = await state.hub.push([state.op2, state.op3]);
        const list = outcomes(replay, 'replay');
        for (const [index, outcome] of list.entries()) {
          expect(outcome.status === 'duplicate', `replayed seq ${String(outcome.seq)}: ${JSON.stringify(outcome)}`);
          expect(
            isDeepStrictEqual(outcome.result, state.batch[index].result),
            `replayed seq ${String(outcome.seq)}: result ${JSON.stringify(outcome.result)} differs from ${JSON.stringify(state.batch[index].result)}`,
          );
        }
        expect(replay.body.expectedSeq === 4, `expectedSeq ${String(replay.body.expectedSeq)}, want 4`);
        const drawer = (await listing(ctx, state.hub.identity.hubId)).cashDrawerCentiCredits;
        expect(
          drawer === 3 * state.drawerOne,
          `after 3 top-ups and a replay: drawer ${String(drawer)}, want ${String(3 * state.drawerOne)}`,
        );
      },
    },
    {
      name: 'cloud push: the same signed request sent twice is refused the second time (HUB_REQUEST_REPLAYED)',
      run: async () => {
        const request = state.hub.prepare('POST', '/v1/hubs/sync/push', { operations: [topUp(ctx, 4)] });
        const first = await ConformanceHub.send(request);
        expect(first.status === 200 && first.body.outcomes[0].status === 'applied', `first: ${JSON.stringify(first)}`);
        const second = await ConformanceHub.send(request);
        expect(
          second.status === 401 && second.body.error?.code === 'HUB_REQUEST_REPLAYED',
          `replayed request: expected 401 HUB_REQUEST_REPLAYED, got ${String(second.status)} ${JSON.stringify(second.body)}`,
        );
      },
    },
    {
      name: 'clock skew: a hub clock a day ahead (x-hub-time) is recorded as skew; the operation still applies',
      run: async () => {
        const hubTime = new Date(Date.now() + dayMs);
        const answer = await state.hub.push([topUp(ctx, 5)], { headers: { 'x-hub-time': hubTime.toISOString() } });
        const [outcome] = outcomes(answer, 'skewed push');
        expect(outcome.status === 'applied', `skewed push: ${JSON.stringify(outcome)}`);
        const serverOffsetMs = Date.parse(answer.body.serverTime) - Date.now();
        expect(Math.abs(serverOffsetMs) < clockToleranceMs, `serverTime ${answer.body.serverTime} is the hub's clock?`);
        const mine = await listing(ctx, state.hub.identity.hubId);
        expect(
          Math.abs(mine.clockSkewMs - dayMs) < clockToleranceMs,
          `recorded skew ${String(mine.clockSkewMs)} ms, want about ${String(dayMs)}`,
        );
      },
    },
    {
      name: 'clock skew: a money operation dated a day ahead of the cloud is rejected, and the sequence moves on',
      run: async () => {
        const ahead = await state.hub.push([topUp(ctx, 6, { at: new Date(Date.now() + dayMs).toISOString() })]);
        const [outcome] = outcomes(ahead, 'operation dated ahead');
        expect(
          outcome.status === 'rejected' && outcome.code === 'VALIDATION_FAILED',
          `dated a day ahead: expected rejected VALIDATION_FAILED, got ${JSON.stringify(outcome)}`,
        );
        expect(
          ahead.body.expectedSeq === 7,
          `expectedSeq ${String(ahead.body.expectedSeq)}, want 7 (one refusal never blocks)`,
        );
      },
    },
    {
      name: 'clock skew: a signature dated an hour off (either way) is refused HUB_SIGNATURE_EXPIRED, nothing applied',
      run: async () => {
        const op = topUp(ctx, 7);
        for (const offsetS of [-3600, 3600]) {
          const answer = await state.hub.push([op], { createdS: Math.floor(Date.now() / 1000) + offsetS });
          expect(
            answer.status === 401 && answer.body.error?.code === 'HUB_SIGNATURE_EXPIRED',
            `created ${String(offsetS)} s: expected 401 HUB_SIGNATURE_EXPIRED, got ${String(answer.status)} ${JSON.stringify(answer.body)}`,
          );
        }
        const [now] = outcomes(await state.hub.push([op]), 'in-window push');
        expect(now.status === 'applied', `the refused operation was applied before: ${JSON.stringify(now)}`);
      },
    },
  ];
}
