// Proves the simulated e-MECeF (DGI Bénin) behaves like the documented API over real HTTP:
// Bearer token with its validity, POST → uid and the service's totals, PUT confirm →
// security elements (code, QR, counters, NIM, time) or cancel, error codes in a 200 body,
// at most 10 pending, pending requests that expire, credit notes against a confirmed
// original, the information API, and its faults (outage, "confirmed, then answered 500").
import { afterEach, describe, expect, it } from 'vitest';
import { startEmecefSimulator, type EmecefSimulator, type EmecefSimulatorOptions } from '../src/tax/emecef.js';

const token = 'emecef-test-token-42';
const ifu = '9999900000001';
const toClose: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const item of toClose.splice(0).reverse()) await item.close();
});

async function simulator(options: Partial<EmecefSimulatorOptions> = {}): Promise<EmecefSimulator> {
  const emecef = await startEmecefSimulator({ token, ifu, nim: 'TS01005852', ...options });
  toClose.push(emecef);
  return emecef;
}

const invoice = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  ifu,
  type: 'FV',
  items: [
    { name: "Jus d'orange", price: 1800, quantity: 2, taxGroup: 'B' },
    { name: 'Lait 1/1 EX', price: 450, quantity: 3, taxGroup: 'A' },
  ],
  client: { name: 'Client comptoir' },
  operator: { name: 'Jacques' },
  payment: [{ name: 'ESPECES', amount: 4950 }],
  ...overrides,
});

async function call(
  emecef: EmecefSimulator,
  method: string,
  path: string,
  body?: unknown,
  bearer: string | null = token,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${emecef.baseUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(bearer === null ? {} : { authorization: `Bearer ${bearer}` }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

async function submit(emecef: EmecefSimulator, body: unknown = invoice()): Promise<string> {
  const answer = await call(emecef, 'POST', '/invoice', body);
  expect(answer.json.errorCode).toBeUndefined();
  return answer.json.uid as string;
}

describe('simulated e-MECeF API', () => {
  it('computes the totals, lists the request as pending, echoes it, then confirms it once with its security elements', async () => {
    const emecef = await simulator({ now: () => Date.parse('2026-11-23T12:17:08Z') });
    const submitted = await call(emecef, 'POST', '/invoice', invoice());
    expect(submitted.status).toBe(200);
    expect(submitted.json).toEqual({
      uid: expect.stringMatching(/^[0-9a-f-]{36}$/),
      ta: 0,
      tb: 18,
      tc: 0,
      td: 18,
      taa: 1350,
      tab: 3600,
      tac: 0,
      tad: 0,
      tae: 0,
      taf: 0,
      hab: 3051,
      had: 0,
      vab: 549,
      vad: 0,
      aib: 0,
      ts: 0,
      total: 4950,
    });
    const uid = submitted.json.uid as string;

    const status = await call(emecef, 'GET', '/invoice');
    expect(status.json).toMatchObject({
      status: true,
      version: '1.0',
      ifu,
      nim: 'TS01005852',
      pendingRequestsCount: 1,
      pendingRequestsList: [{ uid, date: '23/11/2026 13:17:08' }],
    });
    expect((await call(emecef, 'GET', `/invoice/${uid}`)).json).toMatchObject({
      type: 'FV',
      operator: { name: 'Jacques' },
    });

    const confirmed = await call(emecef, 'PUT', `/invoice/${uid}/confirm`);
    expect(confirmed.status).toBe(200);
    const code = confirmed.json.codeMECeFDGI as string;
    expect(code).toMatch(/^TEST-[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}$/);
    expect(confirmed.json).toEqual({
      dateTime: '23/11/2026 13:17:08',
      qrCode: `F;TS01005852;${code.replaceAll('-', '')};${ifu};20261123131708`,
      codeMECeFDGI: code,
      counters: '1/1 FV',
      nim: 'TS01005852',
    });
    expect((confirmed.json.qrCode as string).length).toBeLessThanOrEqual(66);

    expect((await call(emecef, 'PUT', `/invoice/${uid}/confirm`)).json).toMatchObject({ errorCode: '20' });
    expect((await call(emecef, 'GET', `/invoice/${uid}`)).json).toMatchObject({ errorCode: '20' });
    expect((await call(emecef, 'GET', '/invoice')).json).toMatchObject({ pendingRequestsCount: 0 });
    expect(emecef.confirmed()).toHaveLength(1);
  });

  it('cancels a pending request: empty code and QR, nothing confirmed', async () => {
    const emecef = await simulator();
    const uid = await submit(emecef);
    const cancelled = await call(emecef, 'PUT', `/invoice/${uid}/cancel`);
    expect(cancelled.json).toMatchObject({ qrCode: '', codeMECeFDGI: '', nim: 'TS01005852' });
    expect(emecef.invoices()).toMatchObject([{ uid, state: 'cancelled' }]);
    expect(emecef.confirmed()).toEqual([]);
  });

  it('answers documented error codes in a 200 body; a malformed body is a 400', async () => {
    const emecef = await simulator();
    expect(await call(emecef, 'POST', '/invoice', invoice({ type: 'XX' }))).toMatchObject({
      status: 200,
      json: { errorCode: '3', errorDesc: expect.any(String) },
    });
    expect((await call(emecef, 'POST', '/invoice', invoice({ items: [] }))).json).toMatchObject({ errorCode: '8' });
    expect(
      (await call(emecef, 'POST', '/invoice', invoice({ type: 'FA', reference: 'A'.repeat(24) }))).json,
    ).toMatchObject({ errorCode: '11' });
    expect((await call(emecef, 'POST', '/invoice', invoice({ ifu: '1111111111111' }))).json).toMatchObject({
      errorCode: '99',
    });
    expect((await call(emecef, 'POST', '/invoice', invoice({ operator: {} }))).status).toBe(400);
    expect(emecef.invoices()).toEqual([]);
  });

  it('accepts a credit note against a confirmed original, never for more than it', async () => {
    const emecef = await simulator();
    const uid = await submit(emecef);
    const code = (await call(emecef, 'PUT', `/invoice/${uid}/confirm`)).json.codeMECeFDGI as string;
    const reference = code.replaceAll('-', '');
    const creditUid = await submit(
      emecef,
      invoice({ type: 'FA', reference, items: [{ name: "Jus d'orange", price: 1800, quantity: 1, taxGroup: 'B' }] }),
    );
    expect((await call(emecef, 'PUT', `/invoice/${creditUid}/confirm`)).json).toMatchObject({ counters: '1/2 FA' });
    const tooMuch = await call(emecef, 'POST', '/invoice', invoice({ type: 'FA', reference }));
    expect(tooMuch.json).toMatchObject({ errorCode: '12' });
  });

  it('keeps at most the configured number pending, and expires requests not confirmed in time', async () => {
    let clockMs = Date.parse('2026-03-01T10:00:00Z');
    const emecef = await simulator({ now: () => clockMs, pendingMax: 2, pendingTtlMs: 120_000 });
    const first = await submit(emecef);
    await submit(emecef);
    expect((await call(emecef, 'POST', '/invoice', invoice())).json).toMatchObject({ errorCode: '1' });
    clockMs += 120_000;
    expect((await call(emecef, 'GET', '/invoice')).json).toMatchObject({
      pendingRequestsCount: 0,
      pendingRequestsList: [],
    });
    expect((await call(emecef, 'PUT', `/invoice/${first}/confirm`)).json).toMatchObject({ errorCode: '20' });
    expect(emecef.invoices().map((item) => item.state)).toEqual(['expired', 'expired']);
    await submit(emecef);
  });

  it('refuses a missing, wrong or expired token with 401', async () => {
    let clockMs = Date.parse('2026-03-01T10:00:00Z');
    const emecef = await simulator({ now: () => clockMs, tokenValidUntilMs: clockMs + 1000 });
    expect((await call(emecef, 'GET', '/invoice', undefined, null)).status).toBe(401);
    expect((await call(emecef, 'POST', '/invoice', invoice(), 'another-token')).status).toBe(401);
    expect((await call(emecef, 'GET', '/invoice')).json).toMatchObject({ tokenValid: '2026-03-01T11:00:01+01:00' });
    clockMs += 1000;
    expect((await call(emecef, 'GET', '/invoice')).status).toBe(401);
  });

  it('serves the information API', async () => {
    const emecef = await simulator();
    expect((await call(emecef, 'GET', '/info/taxGroups')).json).toEqual({
      a: 0,
      b: 18,
      c: 0,
      d: 18,
      e: 0,
      f: 0,
      aibA: 1,
      aibB: 5,
    });
    expect((await call(emecef, 'GET', '/info/status')).json).toMatchObject({
      ifu,
      nim: 'TS01005852',
      emcfList: [{ nim: 'TS01005852', status: 'Actif' }],
    });
    const types = (await fetch(`${emecef.baseUrl}/info/invoiceTypes`, {
      headers: { authorization: `Bearer ${token}` },
    }).then((r) => r.json())) as { type: string }[];
    expect(types.map((t) => t.type)).toEqual(['FV', 'EV', 'FA', 'EA']);
    const payments = (await fetch(`${emecef.baseUrl}/info/paymentTypes`, {
      headers: { authorization: `Bearer ${token}` },
    }).then((r) => r.json())) as { type: string }[];
    expect(payments.map((t) => t.type)).toEqual([
      'ESPECES',
      'CHEQUES',
      'MOBILEMONEY',
      'CARTEBANCAIRE',
      'VIREMENT',
      'CREDIT',
      'AUTRE',
    ]);
  });

  it('"500 after confirm" confirms and stores; "500 after submit" leaves a pending request; outages answer 503', async () => {
    const emecef = await simulator({ lookups: true });
    emecef.failAfterConfirmNext(1);
    const uid = await submit(emecef);
    expect((await call(emecef, 'PUT', `/invoice/${uid}/confirm`)).status).toBe(500);
    expect(emecef.confirmed()).toMatchObject([
      { uid, confirmAnsweredWith: 500, securityElements: { counters: '1/1 FV' } },
    ]);
    expect((await call(emecef, 'GET', `/sim/invoice/${uid}`)).json).toMatchObject({ uid, state: 'confirmed' });
    // As the real API: without lookups the simulator has no such call.
    const real = await simulator();
    expect((await call(real, 'GET', `/sim/invoice/${await submit(real)}`)).status).toBe(404);

    emecef.failAfterSubmitNext(1);
    expect((await call(emecef, 'POST', '/invoice', invoice())).status).toBe(500);
    expect((await call(emecef, 'GET', '/invoice')).json).toMatchObject({ pendingRequestsCount: 1 });

    emecef.setDown(true);
    const down = await fetch(`${emecef.baseUrl}/invoice`, { headers: { authorization: `Bearer ${token}` } });
    expect(down.status).toBe(503);
    await down.text();
    emecef.setDown(false);
    expect((await call(emecef, 'GET', '/invoice')).status).toBe(200);
  });
});
