// Card checks made at a counter reach the holder's history (issue 22): a hub reports each check
// of a card the cloud signed through its outbox (`cards.checked`), even days later after being
// offline; the cloud reads the card from the token's signed claims, never from the hub, records a
// report sent again once, refuses a forged token (nothing recorded), never dates a check in its
// future, and the holder sees the counter's name, its partner, the outcome and its reason. The
// counter's photo fetch for that same check is not listed a second time.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubOperation, PushResponse } from '@ismail/shared';
import type { Database } from '../src/platform/db/database.js';
import { testBackends } from './support/databases.js';
import { approvedHolder } from './support/kyc-holder.js';
import type { Person, Signed } from './support/people.js';
import { openTestCloud } from './support/test-cloud.js';
import { pairTestHub } from './support/test-hub.js';

describe.each(testBackends)('card checks reported by a counter on $name', (backend) => {
  let db: Database;
  let app: FastifyInstance;
  let people: Record<Person, Signed>;

  beforeAll(async () => {
    ({ db, app, people } = await openTestCloud(backend, { logLevel: 'silent', seedRates: false }));
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  it('records each attributable check once, refuses a forged token, and shows the holder where', async () => {
    const holder = await approvedHolder(app, people.admin);
    const dynamicCode = async (): Promise<string> =>
      (await app.inject({ method: 'POST', url: '/v1/cards/mine/dynamic-code', headers: holder.headers })).json<{
        token: string;
      }>().token;
    const hub = await pairTestHub(app, people.admin, people.partnerA.id, 'Caisse Plateau');
    const push = async (operations: HubOperation[]): Promise<PushResponse> => {
      const response = await hub.inject(app, { method: 'POST', url: '/v1/hubs/sync/push', payload: { operations } });
      expect(response.statusCode, response.body).toBe(200);
      return response.json<PushResponse>();
    };
    const check = (seq: number, token: string, outcome: 'valid' | 'refused', reason: string | null, at: Date) => ({
      id: randomUUID(),
      seq,
      type: 'cards.checked' as const,
      at: at.toISOString(),
      payload: { token, outcome, reason },
    });
    const rows = async () =>
      (
        await db.pool.query<{ outcome: string; reason: string | null; checked_at: Date }>(
          'SELECT outcome, reason, checked_at FROM hub_card_checks WHERE card_id = $1 ORDER BY checked_at',
          [holder.cardId],
        )
      ).rows;

    // Checked offline yesterday, reported today; reported again after a lost answer: one record.
    const yesterday = new Date(Date.now() - 86_400_000);
    const first = check(1, await dynamicCode(), 'valid', null, yesterday);
    expect((await push([first])).outcomes[0]).toMatchObject({ status: 'applied', result: { recorded: true } });
    expect((await push([first])).outcomes[0]).toMatchObject({ status: 'duplicate' });
    expect(await rows()).toHaveLength(1);

    // A forged token names no card: refused, nothing recorded, the sequence goes on.
    const genuine = await dynamicCode();
    const [header, payload, signature] = genuine.split('.');
    const forged = `${header ?? ''}.${payload ?? ''}.${(signature ?? '').slice(0, -4)}AAAA`;
    const refused = (await push([check(2, forged, 'refused', 'BAD_SIGNATURE', new Date())])).outcomes[0];
    expect(refused).toMatchObject({ status: 'rejected', code: 'VALIDATION_FAILED' });
    expect(await rows()).toHaveLength(1);

    // A hub whose clock runs a day ahead never dates a check in the cloud's future.
    const tomorrow = new Date(Date.now() + 86_400_000);
    expect((await push([check(3, genuine, 'refused', 'REPLAYED', tomorrow)])).outcomes[0]).toMatchObject({
      status: 'applied',
    });
    const recorded = await rows();
    expect(recorded.map((r) => [r.outcome, r.reason])).toEqual([
      ['valid', null],
      ['refused', 'REPLAYED'],
    ]);
    expect(recorded[1]?.checked_at.getTime()).toBeLessThanOrEqual(Date.now() + 5 * 60_000);

    // The counter's photo fetch for that check is the same check: listed once.
    await db.pool.query('INSERT INTO hub_card_presentations (hub_id, card_id, presented_at) VALUES ($1, $2, now())', [
      hub.id,
      holder.cardId,
    ]);
    const history = (await app.inject({ method: 'GET', url: '/v1/cards/mine/verifications', headers: holder.headers }))
      .json<{
        verifications: { outcome: string; reason: string | null; by: string; who: string | null; place: string }[];
      }>()
      .verifications.filter((v) => v.by === 'hub');
    expect(history).toEqual([
      expect.objectContaining({
        outcome: 'refused',
        reason: 'REPLAYED',
        place: 'Caisse Plateau',
        who: expect.any(String),
      }),
      expect.objectContaining({ outcome: 'valid', reason: null, place: 'Caisse Plateau' }),
    ]);
  });
});
