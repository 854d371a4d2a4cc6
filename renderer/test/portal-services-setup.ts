/**
 * Setup and reads through the API for the services browser test (portal-services.e2e.test.ts): a fresh client with
 * credits, the demo partner made a plumber in Cocody (the demo data may not seed one), its hours opened from a chosen
 * minute so a quote can start a few minutes ahead, and the wallet, history and commission reads the test asserts on.
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { DemoCloud } from '../../tools/test-support/demo-cloud.js';

export const demoPassword = 'demo-ismail-2026';
export const plumberEmail = 'partenaire@demo.ismail.ci';
export const plumberName = 'Plomberie Adjoua Cocody';

export async function signIn(demo: DemoCloud, email: string, password: string): Promise<Record<string, string>> {
  const response = await fetch(`${demo.url}/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const { accessToken } = (await response.json()) as { accessToken: string };
  return { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' };
}

export async function getJson<T>(demo: DemoCloud, path: string, headers: Record<string, string>): Promise<T> {
  const response = await fetch(`${demo.url}${path}`, { headers });
  expect(response.status, `${path}: ${await response.clone().text()}`).toBe(200);
  return (await response.json()) as T;
}

async function put(demo: DemoCloud, path: string, headers: Record<string, string>, body: unknown): Promise<void> {
  const response = await fetch(`${demo.url}${path}`, { method: 'PUT', headers, body: JSON.stringify(body) });
  expect(response.status, `${path}: ${await response.clone().text()}`).toBeLessThan(300);
}

/** A new client, activated, with 1 200 credits (60 000 FCFA) sent by the demo client. */
export async function clientWithCredits(demo: DemoCloud): Promise<{ email: string; password: string }> {
  const email = `client-services-${randomUUID()}@test.ismail.ci`;
  const password = 'services-e2e-2026';
  const created = await fetch(`${demo.url}/v1/operator/accounts`, {
    method: 'POST',
    headers: demo.operator,
    body: JSON.stringify({ profile: 'client', email, password, firstName: 'Awa', lastName: 'Koné' }),
  });
  expect(created.status).toBe(201);
  const { id } = (await created.json()) as { id: string };
  await fetch(`${demo.url}/v1/operator/accounts/${id}/activate`, {
    method: 'POST',
    headers: { authorization: demo.operator.authorization ?? '' },
  });
  const sent = await fetch(`${demo.url}/v1/wallet/transfers`, {
    method: 'POST',
    headers: { ...(await signIn(demo, 'client@demo.ismail.ci', demoPassword)), 'idempotency-key': randomUUID() },
    body: JSON.stringify({ toAccountId: id, amountCentiCredits: 120_000 }),
  });
  expect(sent.status, await sent.clone().text()).toBe(201);
  return { email, password };
}

/** All day, every day: the test's quote may start at any minute (Abidjan's time is UTC). */
const allWeek = (from?: { weekday: number; minute: number }) =>
  [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({
    weekday,
    startMinute: from !== undefined && from.weekday === weekday ? from.minute : 0,
    endMinute: 1440,
  }));

/** The demo partner as a plumber of Cocody with no notice, no buffer, 15-minute steps and a 3-day auto-release. */
export async function makePlumber(demo: DemoCloud, headers: Record<string, string>): Promise<void> {
  await put(demo, '/v1/services/me/profile', headers, {
    displayName: plumberName,
    headline: 'Plombier à Cocody : fuites, robinets, chauffe-eau',
    description: 'Dépannage de plomberie à Cocody et Bingerville depuis 12 ans. Devis gratuit, travail garanti.',
    categories: ['plumbing'],
    communes: ['Cocody', 'Bingerville'],
    city: 'Abidjan',
    position: { latE6: 5_362_000, lngE6: -3_975_000 },
    priceMinXof: 15_000,
    priceMaxXof: 40_000,
    timeZone: 'Africa/Abidjan',
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 0,
    minNoticeMinutes: 0,
    horizonDays: 30,
    slotStepMinutes: 15,
    autoReleaseDays: 3,
    active: true,
  });
  await put(demo, '/v1/services/me/availability', headers, { weekly: allWeek(), exceptions: [] });
  const offers = [
    { category: 'plumbing', title: 'Dépannage de fuite', pricing: 'quote', durationMinutes: 60 },
    { category: 'plumbing', title: 'Débouchage d’évier', pricing: 'fixed', priceXof: 15_000, durationMinutes: 60 },
  ];
  for (const offer of offers) {
    const response = await fetch(`${demo.url}/v1/services/me/offers`, {
      method: 'POST',
      headers,
      body: JSON.stringify(offer),
    });
    expect(response.status, await response.clone().text()).toBe(201);
  }
}

/**
 * A start `minutesAhead` from now, on the minute, and the plumber's hours that day opened from that very minute: slots
 * step from the opening, so the start is on a step, and the work can be marked done minutes later (the cloud refuses
 * "done" before the start). Returns the start and its "YYYY-MM-DDTHH:mm" (Abidjan = UTC) for the quote form.
 */
export async function openAt(
  demo: DemoCloud,
  headers: Record<string, string>,
  minutesAhead: number,
): Promise<{ startsAtMs: number; local: string }> {
  let startsAtMs = Math.ceil((Date.now() + minutesAhead * 60_000) / 60_000) * 60_000;
  // An hour of work must fit in the day the hours are opened: from 23:00 UTC (a CI run late in the evening) the work
  // starts just after the next midnight instead, still within the hour; passStart moves the test clock past it.
  const dayMs = 86_400_000;
  if ((startsAtMs % dayMs) + 60 * 60_000 > dayMs)
    startsAtMs = startsAtMs - (startsAtMs % dayMs) + dayMs + minutesAhead * 60_000;
  const start = new Date(startsAtMs);
  const minute = start.getUTCHours() * 60 + start.getUTCMinutes();
  expect(minute + 60, 'an hour of work fits in the day').toBeLessThanOrEqual(1440);
  const weekday = (start.getUTCDay() + 6) % 7;
  await put(demo, '/v1/services/me/availability', headers, { weekly: allWeek({ weekday, minute }), exceptions: [] });
  return { startsAtMs, local: start.toISOString().slice(0, 16) };
}

/**
 * Moves the demo cloud's test clock (ISMAIL_TEST_CLOCK) past `startsAtMs`, instead of sleeping until the work has
 * started: the cloud refuses "done" before the start.
 */
export async function passStart(demo: DemoCloud, startsAtMs: number): Promise<void> {
  const advanceMs = Math.ceil(startsAtMs - Date.now() + 2_000);
  if (advanceMs <= 0) return;
  const answer = await fetch(`${demo.url}/v1/operator/test-clock`, {
    method: 'POST',
    headers: demo.operator,
    body: JSON.stringify({ advanceMs }),
  });
  expect(answer.status, await answer.clone().text()).toBe(200);
}

export interface HistoryEntry {
  readonly operationId: string;
  readonly leg: string;
  readonly amountCentiCredits: number;
}

export const availableCenti = async (demo: DemoCloud, headers: Record<string, string>): Promise<number> =>
  (await getJson<{ availableCentiCredits: number }>(demo, '/v1/wallet', headers)).availableCentiCredits;

export const historyOf = async (demo: DemoCloud, headers: Record<string, string>): Promise<HistoryEntry[]> =>
  (await getJson<{ entries: HistoryEntry[] }>(demo, '/v1/wallet/history?limit=100', headers)).entries;

/** The sales rep's commission lines of this month (GET /v1/wallet/commissions/:period). */
export const repCommissions = async (
  demo: DemoCloud,
  headers: Record<string, string>,
): Promise<{ module: string; operationId: string; amountCentiCredits: number }[]> =>
  (
    await getJson<{ lines: { module: string; operationId: string; amountCentiCredits: number }[] }>(
      demo,
      `/v1/wallet/commissions/${new Date().toISOString().slice(0, 7)}`,
      headers,
    )
  ).lines;
