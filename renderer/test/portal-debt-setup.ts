/**
 * Setup and reads through the API for the debt collection browser test (portal-debt-collection.e2e.test.ts, figure 6):
 * a fresh creditor (a partner with a few credits for its reminders) and a fresh debtor (a client with credits), so the
 * demo's own files (the late rent the demo client owes the demo agency) neither join the reminders' totals nor the
 * recovery rate; the test clock read and moved; the days of the scenario chosen open to contact; polling.
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { contactClosedReason } from '@ismail/shared';
import type { DemoCloud } from '../../tools/test-support/demo-cloud.js';
import { demoPassword, signIn } from './portal-services-setup.js';

const dayMs = 86_400_000;

export async function call<T>(
  demo: DemoCloud,
  method: 'GET' | 'POST' | 'PUT',
  path: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<T> {
  const response = await fetch(`${demo.url}${path}`, {
    method,
    headers: body === undefined ? { authorization: headers.authorization ?? '' } : headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  expect(response.status, `${method} ${path}: ${await response.clone().text()}`).toBeLessThan(300);
  return (await response.json()) as T;
}

/** A new account of `profile`, activated, with `centiCredits` sent by the demo client. */
export async function freshAccount(
  demo: DemoCloud,
  profile: 'client' | 'partner',
  names: { firstName: string; lastName: string },
  centiCredits: number,
): Promise<{ id: string; email: string; password: string; headers: Record<string, string> }> {
  const email = `debt-${profile}-${randomUUID()}@test.ismail.ci`;
  const password = 'debt-e2e-2026-fig6';
  const { id } = await call<{ id: string }>(demo, 'POST', '/v1/operator/accounts', demo.operator, {
    profile,
    email,
    password,
    ...names,
  });
  const activated = await fetch(`${demo.url}/v1/operator/accounts/${id}/activate`, {
    method: 'POST',
    headers: { authorization: demo.operator.authorization ?? '' },
  });
  expect(activated.status, await activated.clone().text()).toBeLessThan(300);
  const sent = await fetch(`${demo.url}/v1/wallet/transfers`, {
    method: 'POST',
    headers: { ...(await signIn(demo, 'client@demo.ismail.ci', demoPassword)), 'idempotency-key': randomUUID() },
    body: JSON.stringify({ toAccountId: id, amountCentiCredits: centiCredits }),
  });
  expect(sent.status, await sent.clone().text()).toBe(201);
  return { id, email, password, headers: await signIn(demo, email, password) };
}

/** Moves the cloud's test clock forward by `ms` (at least 1) and answers its new time. */
export async function advanceClock(demo: DemoCloud, ms: number): Promise<Date> {
  const { now } = await call<{ now: string }>(demo, 'POST', '/v1/operator/test-clock', demo.operator, {
    advanceMs: Math.max(1, Math.round(ms)),
  });
  return new Date(now);
}

/** Moves the test clock to `at` (it only goes forward). */
export async function clockTo(demo: DemoCloud, at: Date): Promise<void> {
  const now = await advanceClock(demo, 1);
  if (at.getTime() > now.getTime()) await advanceClock(demo, at.getTime() - now.getTime());
}

export const isoDay = (at: Date): string => at.toISOString().slice(0, 10);
export const dayAt = (day: string, plusDays: number, hour: number): Date =>
  new Date(Date.parse(`${day}T00:00:00Z`) + plusDays * dayMs + hour * 3_600_000);

/**
 * The first due day from tomorrow whose reminder days (D + each offset, at 08:00 Abidjan) are all open to contact:
 * no Sunday, no public holiday. Otherwise the test would wait for the next open day, which is right but not figure 6.
 */
export function openDueDay(now: Date, offsets: readonly number[]): string {
  for (let plus = 1; plus <= 30; plus++) {
    const day = isoDay(new Date(now.getTime() + plus * dayMs));
    if (offsets.every((offset) => contactClosedReason(dayAt(day, offset, 8)) === null)) return day;
  }
  throw new Error('no due day with open reminder days within 30 days');
}

/** Polls until `read` gives a value (the engine runs every 5 s on the test clock), or fails after `ms`. */
export async function eventually<T>(ms: number, read: () => Promise<T | undefined>): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`nothing after ${String(ms)} ms`);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
}

export const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export interface Reminder {
  readonly id: string;
  readonly day: string;
  readonly channels: string[];
  readonly status: string;
  readonly totalDueXof: number;
  readonly attempts: { channel: string; status: string; destinationMasked: string | null; at: string }[];
}

export const remindersOf = async (demo: DemoCloud, fileId: string, headers: Record<string, string>) =>
  (await call<{ reminders: Reminder[] }>(demo, 'GET', `/v1/debt-files/${fileId}/reminders`, headers)).reminders;

export const notificationsOf = async (demo: DemoCloud, headers: Record<string, string>) =>
  (
    await call<{ notifications: { type: string; title?: string; body: string }[] }>(
      demo,
      'GET',
      '/v1/notifications?limit=50',
      headers,
    )
  ).notifications;
