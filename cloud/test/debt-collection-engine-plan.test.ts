// Proves the engine's pure decisions (engine-plan.ts) without a database, over many random worlds: scenarios (steps,
// offsets, channels, stops, minimum balances), files of several creditors per debtor, and run instants over weeks
// (nights, Sundays, Christmas): a step is never due before its day nor after a stop, a reminder speaks with the most
// advanced due step and covers every file with one due, and a simulated engine that only sends while the contact
// policy is open never queues an SMS past 1 a day or 3 in 7 days, nor anything on a closed instant.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  abidjanDay,
  contactClosedReason,
  reminderChannels,
  smsAllowed,
  type ReminderChannel,
  type ScenarioStep,
} from '@ismail/shared';
import {
  decideChannels,
  dueSteps,
  liveSteps,
  planReminder,
  plusDays,
  type PlanFile,
} from '../src/modules/debt-collection/engine-plan.js';

const stepsArb: fc.Arbitrary<ScenarioStep[]> = fc
  .uniqueArray(fc.integer({ min: -10, max: 40 }), { minLength: 1, maxLength: 6 })
  .chain((offsets) =>
    fc.tuple(
      ...[...offsets]
        .sort((a, b) => a - b)
        .map((offsetDays, i) =>
          fc
            .record({
              action: fc.constantFrom('remind', 'remind', 'remind', 'call_task', 'letter'),
              channels: fc.subarray([...reminderChannels], { minLength: 1 }),
              min: fc.option(fc.integer({ min: 0, max: 5_000 }), { nil: undefined }),
              stop: fc.boolean().map((b) => b && i > 0),
            })
            .map(({ action, channels, min, stop }) => ({
              key: `s${String(i)}`,
              offsetDays,
              action,
              channels: action === 'remind' ? channels : [],
              textFr: 't',
              textEn: 't',
              ...(min === undefined ? {} : { minBalanceXof: min }),
              ...(stop ? { stop: true } : {}),
            })),
        ),
    ),
  );

const dayArb = fc.integer({ min: 0, max: 40 }).map((d) => plusDays('2026-12-01', d));

describe('engine plan', () => {
  it('never makes a step due before its day, after a stop, twice, or under its minimum balance', () => {
    fc.assert(
      fc.property(stepsArb, dayArb, dayArb, fc.integer({ min: 0, max: 10_000 }), (steps, dueOn, today, leftXof) => {
        const file: PlanFile = { id: 'f', dueOn, leftXof, steps, done: new Set(['s0']) };
        const { remind, creditor } = dueSteps(file, today);
        const live = liveSteps(steps);
        for (const step of [...remind, ...creditor]) {
          expect(plusDays(dueOn, step.offsetDays) <= today).toBe(true);
          expect(live).toContain(step);
          expect(step.key).not.toBe('s0');
          expect(leftXof).toBeGreaterThanOrEqual(step.minBalanceXof ?? 1);
        }
        expect(remind.every((s) => s.action === 'remind')).toBe(true);
        expect(creditor.every((s) => s.action !== 'remind')).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('speaks with the most advanced due step and covers every file with one due', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(stepsArb, dayArb), { minLength: 1, maxLength: 4 }), dayArb, (defs, today) => {
        const files = defs.map(([steps, dueOn], i) => ({
          id: `f${String(i)}`,
          dueOn,
          leftXof: 10_000,
          steps,
          done: new Set<string>(),
        }));
        const plan = planReminder(files, today);
        const due = files.map((f) => dueSteps(f, today).remind);
        if (due.every((d) => d.length === 0)) {
          expect(plan).toBeNull();
          return;
        }
        expect(plan).not.toBeNull();
        expect([...(plan?.stepsByFile.keys() ?? [])]).toEqual(
          files.filter((_, i) => (due[i] ?? []).length > 0).map((f) => f.id),
        );
        const most = Math.max(...due.flat().map((s) => s.offsetDays));
        expect(plan?.step.offsetDays).toBe(most);
      }),
      { numRuns: 300 },
    );
  });

  it('a simulated engine never contacts on a closed instant, nor past the SMS caps across creditors', () => {
    const instantArb = fc
      .integer({ min: 0, max: 35 * 24 * 4 })
      .map((q) => new Date(Date.UTC(2026, 11, 1) + q * 900_000));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(stepsArb, dayArb), { minLength: 1, maxLength: 5 }),
        fc.uniqueArray(instantArb, { minLength: 5, maxLength: 80 }),
        fc.subarray([...reminderChannels]),
        (defs, instants, optedOut) => {
          // Files of three creditors for one debtor; the engine's loop over runs, as engine.ts does it.
          const files = defs.map(([steps, dueOn], i) => ({
            creditor: i % 3,
            file: { id: `f${String(i)}`, dueOn, leftXof: 5_000, steps, done: new Set<string>() },
          }));
          const remindedDays = new Set<string>();
          const sms: Date[] = [];
          const queued: { channel: ReminderChannel; at: Date }[] = [];
          for (const now of [...instants].sort((a, b) => a.getTime() - b.getTime())) {
            if (contactClosedReason(now) !== null) continue;
            for (const creditor of [0, 1, 2]) {
              const day = `${String(creditor)}:${abidjanDay(now)}`;
              if (remindedDays.has(day)) continue;
              const mine = files.filter((f) => f.creditor === creditor).map((f) => f.file);
              const plan = planReminder(mine, abidjanDay(now));
              if (plan === null) continue;
              remindedDays.add(day);
              for (const [id, keys] of plan.stepsByFile)
                for (const key of keys) mine.find((f) => f.id === id)?.done.add(key);
              const decisions = decideChannels(plan.step.channels, {
                now,
                optedOut: new Set(optedOut),
                addresses: { sms: '+2250700000000', email: 'a@b.ci', push: 'app' },
                configured: new Set(reminderChannels),
                smsSentAt: sms,
              });
              for (const d of decisions.filter((x) => x.status === 'queued')) {
                queued.push({ channel: d.channel, at: now });
                if (d.channel === 'sms') sms.push(now);
              }
            }
          }
          for (const q of queued) {
            expect(contactClosedReason(q.at)).toBeNull();
            expect(optedOut).not.toContain(q.channel);
          }
          // Replaying the SMS in order: each one was allowed given those before it.
          sms.forEach((s, i) => expect(smsAllowed(s, sms.slice(0, i))).toBe(true));
        },
      ),
      { numRuns: 200 },
    );
  });
});
