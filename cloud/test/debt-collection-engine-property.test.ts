// Proves, on both databases, that the running engine keeps the contact policy and charges exactly once whatever the
// world: random scenarios (steps, offsets, channels), random due dates, three creditors and two debtors (an account and
// a person known by phone) with several files each, and random run instants over six weeks (nights, Sundays, Christmas
// 2026, some runs raced in pairs). No attempt sent or queued is on a Sunday, a CI holiday or outside 08:00–19:00, no
// debtor gets more than 1 SMS an Abidjan day or 3 in 7 days, and every sent reminder is charged 2 credits exactly once
// (its creditor's wallet goes down by exactly that), an unsent one never.
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contactClosedReason, reminderChannels, smsAllowed, type ScenarioStep } from '@ismail/shared';
import { plusDays } from '../src/modules/debt-collection/engine-plan.js';
import { testBackends } from './support/databases.js';
import { availableCenti } from './support/services-fixtures.js';
import { insertAccount } from './support/wallet-fixtures.js';
import {
  attempts,
  fund,
  insertFile,
  openEngineCloud,
  step,
  type EngineCloud,
} from './debt-collection-engine-fixtures.js';

const scenarioArb: fc.Arbitrary<ScenarioStep[]> = fc
  .uniqueArray(fc.integer({ min: -5, max: 20 }), { minLength: 1, maxLength: 5 })
  .chain((offsets) =>
    fc.tuple(
      ...[...offsets]
        .sort((a, b) => a - b)
        .map((offset, i) =>
          fc
            .subarray([...reminderChannels], { minLength: 1 })
            .map((channels) => step(`s${String(i)}`, offset, channels)),
        ),
    ),
  );

const worldArb = fc.record({
  scenarios: fc.tuple(scenarioArb, scenarioArb, scenarioArb),
  files: fc.array(
    fc.record({
      creditor: fc.integer({ min: 0, max: 2 }),
      debtor: fc.integer({ min: 0, max: 1 }),
      dueDay: fc.integer({ min: 0, max: 25 }),
      principalXof: fc.integer({ min: 1_000, max: 90_000 }),
    }),
    { minLength: 2, maxLength: 6 },
  ),
  // Quarter hours from 1 December 2026 over six weeks; a true pair runs twice at once.
  runs: fc.uniqueArray(fc.tuple(fc.integer({ min: 0, max: 42 * 96 }), fc.boolean()), {
    minLength: 10,
    maxLength: 30,
    selector: ([q]) => q,
  }),
});

describe.each(testBackends)('debt reminder engine properties on $name', (backend) => {
  let cloud: EngineCloud;
  let creditors: string[];

  beforeAll(async () => {
    cloud = await openEngineCloud(backend);
    creditors = [cloud.people.partnerA.id, cloud.people.partnerB.id, await insertAccount(cloud.db, 'partner')];
    for (const id of creditors) await fund(cloud, id, 200_000);
    // A fresh cloud on a loaded machine (seven suites on two cores) takes longer than the default hook time to start.
  }, 180_000);
  afterAll(async () => cloud.close());

  it('keeps the contact policy and charges each sent reminder once, over random worlds and clocks', async () => {
    // A property that never sees a reminder proves nothing: the worlds together must send some and skip some.
    const seen = { sent: 0, skipped: 0 };
    await fc.assert(
      fc.asyncProperty(worldArb, async (world) => {
        const scenarioIds: string[] = [];
        for (const [i, steps] of world.scenarios.entries()) {
          const id = randomUUID();
          await cloud.db.pool.query(
            'INSERT INTO collection_scenarios (id, creditor_id, name, steps) VALUES ($1, $2, $3, $4)',
            [id, creditors[i], 'Aléatoire', JSON.stringify(steps)],
          );
          scenarioIds.push(id);
        }
        const account = await insertAccount(cloud.db, 'client');
        const digits = () => String(Math.floor(Math.random() * 1e8)).padStart(8, '0');
        const phone = `+22507${digits()}`;
        await cloud.db.pool.query('UPDATE accounts SET phone_e164 = $2 WHERE id = $1', [account, `+22505${digits()}`]);
        const debtors = [{ id: account }, { name: 'Sans compte', phone, email: `${randomUUID()}@example.ci` }] as const;
        const keys = [`a:${account}`, `p:${phone}`];
        const fileIds: string[] = [];
        for (const f of world.files)
          fileIds.push(
            await insertFile(cloud, {
              creditorId: creditors[f.creditor] ?? null,
              debtor: debtors[f.debtor] ?? debtors[0],
              dueOn: plusDays('2026-12-01', f.dueDay),
              principalXof: f.principalXof,
              scenarioId: scenarioIds[f.creditor] ?? null,
            }),
          );
        const before = await Promise.all(creditors.map((c) => availableCenti(cloud.db, c)));
        const start = Date.UTC(2026, 11, 1);
        for (const [quarter, raced] of [...world.runs].sort((a, b) => a[0] - b[0])) {
          const now = new Date(start + quarter * 900_000);
          if (raced) await Promise.all([cloud.app.debtEngine.runOnce(now), cloud.app.debtEngine.runOnce(now)]);
          else await cloud.app.debtEngine.runOnce(now);
        }

        const mine = (await attempts(cloud)).filter((a) => keys.includes(a.debtor_key));
        const contacted = mine.filter((a) => ['sent', 'queued', 'delivered'].includes(a.status));
        for (const a of contacted) expect(contactClosedReason(a.at), a.at.toISOString()).toBeNull();
        for (const key of keys) {
          const sms = contacted.filter((a) => a.debtor_key === key && a.channel === 'sms').map((a) => a.at);
          sms.forEach((at, i) => expect(smsAllowed(at, sms.slice(0, i)), at.toISOString()).toBe(true));
        }
        const { rows: reminders } = await cloud.db.pool.query<{ id: string; creditor_key: string; status: string }>(
          'SELECT id, creditor_key, status FROM collection_reminders WHERE debtor_key = ANY($1)',
          [keys],
        );
        const { rows: charges } = await cloud.db.pool.query<{ key: string; n: string }>(
          `SELECT idempotency_key AS key, count(*) AS n FROM ledger_operations WHERE idempotency_key = ANY($1) GROUP BY 1`,
          [reminders.map((r) => `debt-reminder:${r.id}`)],
        );
        seen.sent += reminders.filter((r) => r.status === 'sent').length;
        seen.skipped += mine.filter((a) => a.status.startsWith('skipped')).length;
        const charged = new Map(charges.map((c) => [c.key, Number(c.n)]));
        for (const r of reminders) expect(charged.get(`debt-reminder:${r.id}`) ?? 0).toBe(r.status === 'sent' ? 1 : 0);
        for (const [i, creditor] of creditors.entries()) {
          const sent = reminders.filter((r) => r.creditor_key === creditor && r.status === 'sent').length;
          expect(await availableCenti(cloud.db, creditor)).toBe((before[i] ?? 0) - 200 * sent);
        }
        // This world's files leave the engine's sight: the next world starts clean.
        await cloud.db.pool.query(
          "UPDATE collection_files SET status = 'written_off', closed_at = now() WHERE id = ANY($1::uuid[])",
          [fileIds],
        );
      }),
      { numRuns: 4 },
    );
    expect(seen.sent).toBeGreaterThan(0);
    expect(seen.skipped).toBeGreaterThan(0);
  }, 300_000);
});
