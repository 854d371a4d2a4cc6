/**
 * Setup and reads through the API for the real estate browser test (portal-real-estate.e2e.test.ts): the demo partner
 * as landlord and agent publishes three rentals (two in Cocody under 300 000 FCFA, one at 450 000) with visit slots,
 * and the test reads visits, notifications and leases as the cloud has them.
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { DemoCloud } from '../../tools/test-support/demo-cloud.js';

export interface Published {
  readonly id: string;
  readonly title: string;
  readonly priceXof: number;
}

async function call<T>(
  demo: DemoCloud,
  method: 'GET' | 'POST',
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
export const getJson = <T>(demo: DemoCloud, path: string, headers: Record<string, string>) =>
  call<T>(demo, 'GET', path, headers);
export const postJson = <T>(demo: DemoCloud, path: string, headers: Record<string, string>, body: unknown) =>
  call<T>(demo, 'POST', path, headers, body);

/** Three rentals, distinct in price and area (the same phone, price and area would be flagged as a duplicate). */
const rentals = [
  {
    title: 'Appartement 3 pièces Riviera Golf',
    priceXof: 250_000,
    areaM2: 85,
    rooms: 3,
    neighbourhood: 'Riviera Golf',
  },
  { title: 'Studio meublé Deux Plateaux', priceXof: 180_000, areaM2: 35, rooms: 1, neighbourhood: 'Deux Plateaux' },
  { title: 'Duplex 5 pièces Angré', priceXof: 450_000, areaM2: 160, rooms: 5, neighbourhood: 'Angré' },
] as const;

/**
 * Publishes the three rentals as the landlord (draft, then submitted: the first period is charged and a clean
 * listing is published at once), each with two visit slots: one starting in 12 minutes (so the agency's door lock,
 * which lets a confirmed visitor in from 15 minutes before the start, opens during the test; the reminder is due within
 * a day) and one in 3 hours.
 */
export async function publishRentals(demo: DemoCloud, landlord: Record<string, string>): Promise<Published[]> {
  const { plans } = await getJson<{ plans: { code: string }[] }>(demo, '/v1/real-estate/plans', landlord);
  const planCode = plans[0]?.code ?? '';
  const published: Published[] = [];
  for (const [index, rental] of rentals.entries()) {
    const draft = await postJson<{ id: string }>(demo, '/v1/real-estate/listings', landlord, {
      kind: 'apartment',
      deal: 'rent',
      title: rental.title,
      description: `${rental.title} : lumineux, gardien, eau et électricité au compteur. Disponible de suite.`,
      commune: 'Cocody',
      neighbourhood: rental.neighbourhood,
      fuzzPosition: true,
      areaM2: rental.areaM2,
      rooms: rental.rooms,
      bedrooms: Math.max(rental.rooms - 1, 1),
      bathrooms: 1,
      furnished: index === 1,
      priceXof: rental.priceXof,
      chargesXof: 15_000,
      depositMonths: 2,
      advanceMonths: 2,
      contactPhone: `+225070102030${String(index + 1)}`,
      planCode,
    });
    const submitted = await postJson<{ status: string; moderationNote: string | null }>(
      demo,
      `/v1/real-estate/listings/${draft.id}/submit`,
      { ...landlord, 'idempotency-key': randomUUID() },
      {},
    );
    expect(submitted.status, submitted.moderationNote ?? '').toBe('published');
    const minute = Math.ceil(Date.now() / 60_000) * 60_000;
    await postJson(demo, `/v1/real-estate/listings/${draft.id}/slots`, landlord, {
      slots: [12, 180].map((m) => ({
        startsAt: new Date(minute + m * 60_000).toISOString(),
        endsAt: new Date(minute + m * 60_000 + 1_800_000).toISOString(),
      })),
    });
    published.push({ id: draft.id, title: rental.title, priceXof: rental.priceXof });
  }
  return published;
}

/** Polls until `read` gives a value (the reminder job runs every 5 minutes of real time), or fails after `ms`. */
export async function eventually<T>(ms: number, read: () => Promise<T | undefined>): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`nothing after ${String(ms)} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5_000));
  }
}
