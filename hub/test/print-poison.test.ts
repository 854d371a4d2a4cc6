// Proves a poisoned print job never blocks its printer (issue 19), with a real SQLite file and
// the simulated network printer over TCP: the Z report that jammed a shop's first day prints
// within 48 columns; a ticket the encoder refuses is set aside as failed with its reason (at
// once in the answer, or when it is sent) and the ticket behind it prints; a ticket whose
// connection dies the same way three times is set aside and the next prints; the printer's
// status names it and why (as text for support, as codes for the screens); a manager retries,
// cancels or reprints it, a cashier may not; and no two copies on paper carry one number.
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeTicket } from '@ismail/drivers';
import { startNetworkPrinter, type NetworkPrinter } from '@ismail/firmware-sim';
import { zReport, zReportTicket, type LayoutBlock } from '@ismail/shared';
import { freePort } from '../../tools/test-support/processes.js';
import { addTcpPrinter, inProcessHub, until } from './support/in-process-hub.js';
import { printJobSameFailuresMax } from '../src/limits.js';
import type { HubDatabase } from '../src/store/open.js';

const token = 'print-poison-test-token-0123456789abcdef';
const admin = { authorization: `Bearer ${token}` };
const printerId = '7a1c2e3f-4b5d-4e6f-8a9b-0c1d2e3f4a5b';

const ticket = (documentKey: string, text: string) => ({ printerId, documentKey, blocks: [{ type: 'text', text }] });

interface Job {
  id: string;
  status: string;
  failedReason: string | null;
  failure: { code: string; cause: string | null; times: number } | null;
  copy: number;
}

describe('poisoned print jobs are set aside; the queue goes on', () => {
  let db: HubDatabase;
  let app: FastifyInstance;
  let printer: NetworkPrinter;
  /** When true, the encoder refuses tickets that say POISON (as a broken encoder would). */
  let poisonAtSend = false;
  const staff: Record<'cashier' | 'manager', Record<string, string>> = { cashier: {}, manager: {} };

  beforeAll(async () => {
    const port = await freePort();
    printer = await startNetworkPrinter({ host: '127.0.0.1', port });
    const encode = (blocks: readonly LayoutBlock[], options: Parameters<typeof encodeTicket>[1]): Uint8Array => {
      const refuses = (b: LayoutBlock): boolean =>
        b.type === 'text' && b.text.includes('POISON') && (poisonAtSend || b.text.includes('ALWAYS'));
      if (blocks.some(refuses)) throw new RangeError('Invalid count value: -2');
      return encodeTicket(blocks, options);
    };
    ({ app, db } = await inProcessHub('ismail-hub-poison-', {
      adminToken: token,
      logLevel: 'error',
      printRetryBaseMs: 100,
      encodeTicket: encode,
    }));
    // A signed-in cashier and manager (staff sessions as sign-in writes them; no policy yet).
    for (const role of ['cashier', 'manager'] as const) {
      const secret = `${role}-session-token-0123456789abcdef`;
      db.prepare(
        "INSERT INTO staff_sessions (token_hash, account_id, name, role, mode, started_at, expires_at) VALUES (?, ?, ?, ?, 'online', ?, ?)",
      ).run(
        createHash('sha256').update(secret).digest('hex'),
        role === 'cashier' ? '11111111-1111-4111-8111-111111111111' : '22222222-2222-4222-8222-222222222222',
        role === 'cashier' ? 'Awa' : 'Kouassi',
        role,
        new Date().toISOString(),
        new Date(Date.now() + 3_600_000).toISOString(),
      );
      staff[role] = { authorization: `Bearer ${secret}` };
    }
    expect(await addTcpPrinter(app, admin, { id: printerId, port })).toBe(201);
  });
  afterAll(async () => {
    await app.close();
    await printer.stop();
    db.close();
  });

  const post = (url: string, headers: Record<string, string>, payload?: object) =>
    app.inject({ method: 'POST', url, headers, ...(payload === undefined ? {} : { payload }) });
  const printedTexts = () => printer.jobs.filter((j) => j.outcome === 'printed').map((j) => j.text);

  it('prints the Z report that jammed the first day, every line within 48 columns', async () => {
    const sale = (n: number) => ({
      number: `F-H9A0F015F-2026-00000${String(n)}`,
      method: 'cash' as const,
      netXof: 10_593,
      taxXof: 1_907,
      grossXof: 12_500,
      walletCentiCredits: 0,
    });
    const report = zReport({
      session: {
        id: '33333333-3333-4333-8333-333333333333',
        number: 1,
        openedAt: '2026-11-24T07:00:00.000Z',
        openedBy: { id: 'a', name: 'Mariam' },
        floatXof: 20_000,
      },
      closedAt: '2026-11-24T19:00:00.000Z',
      closedBy: { id: 'b', name: 'Adjoua' },
      countedXof: 45_000,
      sales: [sale(1), sale(2)],
      creditNotes: [],
      cashTopUps: [],
    });
    const queued = await post('/api/v1/print-jobs', admin, {
      printerId,
      documentKey: 'z-report:1',
      blocks: zReportTicket(report, 'Boutique Awa'),
    });
    expect(queued.statusCode).toBe(201);
    const job = queued.json<Job>();
    expect(job.status).toBe('queued');
    await until(
      () => app.printQueue.get(job.id)?.status,
      (s) => s === 'printed',
    );
    const text = (
      await until(
        () => printer.jobs.at(-1)?.text ?? '',
        (t) => t.includes('RAPPORT Z'),
      )
    ).split('\n');
    for (const line of text) expect(line.length).toBeLessThanOrEqual(48);
    expect(text.map((l) => l.trim())).toEqual(
      expect.arrayContaining(['Factures :', 'F-H9A0F015F-2026-000001 à', 'F-H9A0F015F-2026-000002']),
    );
  });

  it('sets aside at once a ticket the encoder refuses: the answer says failed and why, the next ticket prints', async () => {
    const refused = await post('/api/v1/print-jobs', staff.cashier, ticket('ticket:V-000101', 'POISON ALWAYS'));
    expect(refused.statusCode).toBe(201);
    expect(refused.json<Job>()).toMatchObject({
      status: 'failed',
      failedReason: 'ENCODING_FAILED: Invalid count value: -2',
      failure: { code: 'ENCODING_FAILED', cause: null, times: 1 },
    });
    const next = (
      await post('/api/v1/print-jobs', staff.cashier, ticket('ticket:V-000102', 'Alloco banane'))
    ).json<Job>();
    await until(
      () => app.printQueue.get(next.id)?.status,
      (s) => s === 'printed',
    );
    // The printer records a job a moment after the queue has sent it (see the retry test below).
    expect(
      (await until(printedTexts, (texts) => texts.some((t) => t.includes('Alloco banane')))).some((t) =>
        t.includes('Alloco banane'),
      ),
    ).toBe(true);
    // The counter's printer status names the printer and the failed job with its reason.
    const status = (await app.inject({ method: 'GET', url: '/api/v1/printers/status', headers: staff.cashier })).json<{
      printers: { name: string; failedJobs: { id: string; reason: string }[] }[];
    }>();
    expect(status.printers[0]).toMatchObject({
      name: 'Caisse 1',
      failedJobs: [
        {
          id: refused.json<Job>().id,
          reason: 'ENCODING_FAILED: Invalid count value: -2',
          failure: { code: 'ENCODING_FAILED' },
        },
      ],
    });
  });

  it('sets aside a queued ticket that throws when it is sent, and prints the one behind it', async () => {
    await printer.setFaults({ offline: 'refuse' });
    const poisoned = (await post('/api/v1/print-jobs', admin, ticket('ticket:V-000103', 'POISON later'))).json<Job>();
    expect(poisoned.status).toBe('queued');
    const behind = (await post('/api/v1/print-jobs', admin, ticket('ticket:V-000104', 'Garba thon'))).json<Job>();
    const events: string[] = [];
    app.printQueue.on('job', (job) => events.push(`${job.id}:${job.status}`));
    poisonAtSend = true;
    await printer.setFaults({ offline: null });
    await until(
      () => app.printQueue.get(behind.id)?.status,
      (s) => s === 'printed',
    );
    poisonAtSend = false;
    expect(app.printQueue.get(poisoned.id)).toMatchObject({
      status: 'failed',
      failedReason: 'ENCODING_FAILED: Invalid count value: -2',
      failure: { code: 'ENCODING_FAILED', cause: null, times: 1 },
    });
    expect(events).toContain(`${poisoned.id}:failed`);
    expect(
      (await until(printedTexts, (texts) => texts.some((t) => t.includes('Garba thon')))).some((t) =>
        t.includes('Garba thon'),
      ),
    ).toBe(true);
    expect(printedTexts().some((t) => t.includes('POISON later'))).toBe(false);
  });

  it(`sets aside a ticket whose connection dies ${String(printJobSameFailuresMax)} times with the printer there, and prints the next`, async () => {
    // The printer cuts every connection after 300 bytes: the long ticket never gets through, a short one does.
    await printer.setFaults({ dropAfterBytes: 300 });
    const long = (
      await post('/api/v1/print-jobs', admin, {
        printerId,
        documentKey: 'ticket:V-000105',
        blocks: Array.from({ length: 20 }, (_, i) => ({
          type: 'text',
          text: `Ligne longue ${String(i)} de ce ticket`,
        })),
      })
    ).json<Job>();
    const short = (await post('/api/v1/print-jobs', admin, ticket('ticket:V-000106', 'Court'))).json<Job>();
    await until(
      () => app.printQueue.get(short.id)?.status,
      (s) => s === 'printed',
    );
    await printer.setFaults({ dropAfterBytes: null });
    const failed = app.printQueue.get(long.id);
    expect(failed).toMatchObject({ status: 'failed', attempts: printJobSameFailuresMax });
    expect(failed?.failedReason).toMatch(
      /^REPEATED_FAILURE: 3 times in a row with the printer there, PRINTER_CONNECTION_LOST/,
    );
    expect(failed?.failure).toEqual({
      code: 'REPEATED_FAILURE',
      cause: 'PRINTER_CONNECTION_LOST',
      times: printJobSameFailuresMax,
    });
    // Its cut retries went out as copy 1 (the original's first bytes may be on paper): the job says so.
    expect(failed?.copy).toBe(1);
  });

  it('lets a manager retry, cancel and reprint a failed job; refuses a cashier', async () => {
    const failedIds = app.printQueue.status()[0]?.failedJobs.map((j) => j.id) ?? [];
    expect(failedIds).toHaveLength(3);
    const [encodeRefused, sendRefused, cut] = failedIds as [string, string, string];
    for (const action of ['retry', 'cancel', 'reprint']) {
      expect(
        (await post(`/api/v1/failed-print-jobs/${cut}/${action}`, staff.cashier)).statusCode,
        `${action} as cashier`,
      ).toBe(403);
      expect((await post(`/api/v1/failed-print-jobs/${cut}/${action}`, {})).statusCode, `${action} anonymous`).toBe(
        401,
      );
    }
    // A cashier cannot get round it with the everyday reprint and cancel either.
    expect((await post(`/api/v1/print-jobs/${cut}/reprint`, staff.cashier)).statusCode).toBe(409);
    expect((await post(`/api/v1/print-jobs/${cut}/cancel`, staff.cashier)).statusCode).toBe(409);

    // Retry: back in its place; with the printer fixed it prints (as a copy: part of it may be on paper).
    const retried = await post(`/api/v1/failed-print-jobs/${cut}/retry`, staff.manager);
    expect(retried.statusCode).toBe(200);
    expect(retried.json<Job>()).toMatchObject({ status: 'queued', failedReason: null });
    await until(
      () => app.printQueue.get(cut)?.status,
      (s) => s === 'printed',
    );
    expect(
      await until(
        () => printer.jobs.at(-1)?.text ?? '',
        (t) => t.includes('Ligne longue 19'),
      ),
    ).toContain('*** DUPLICATA 1 ***');
    // A reprint of it takes the next number: the cut retries and the retry printed DUPLICATA 1.
    const again = await post(`/api/v1/print-jobs/${cut}/reprint`, staff.manager);
    expect(again.statusCode, again.body).toBe(201);
    expect(again.json<Job>()).toMatchObject({ copy: 2 });
    await until(
      () => app.printQueue.get(again.json<Job>().id)?.status,
      (s) => s === 'printed',
    );
    // The queue marks a job printed when its bytes are sent; the printer records the job when it
    // has read them all, which can come a moment later on a loaded machine.
    expect(
      await until(
        () => printer.jobs.filter((j) => j.text.includes('Ligne longue 19') && j.text.includes('DUPLICATA 2')).length,
        (n) => n === 1,
      ),
    ).toBe(1);
    // On paper, every piece of this ticket: the cut original without a banner, then copy 1 (cut
    // pieces and the whole retry, one copy re-sent), then copy 2. Never one number for two copies.
    const banners = printer.jobs
      .filter((j) => j.text.includes('Ligne longue 0'))
      .map((j) => /DUPLICATA (\d+)/.exec(j.text)?.[1] ?? 'original');
    expect(banners[0]).toBe('original');
    expect(banners.slice(1, -1).every((b) => b === '1')).toBe(true);
    expect(banners.at(-1)).toBe('2');
    expect(
      printer.jobs
        .filter((j) => j.outcome === 'printed' && j.text.includes('Ligne longue 19'))
        .map((j) => /DUPLICATA (\d+)/.exec(j.text)?.[1]),
    ).toEqual(['1', '2']);

    // Reprint: a marked copy of the ticket that failed when sent; the failed one is cancelled.
    const reprinted = await post(`/api/v1/failed-print-jobs/${sendRefused}/reprint`, staff.manager);
    expect(reprinted.statusCode, reprinted.body).toBe(201);
    const copy = reprinted.json<Job>();
    expect(copy).toMatchObject({ copy: 1 });
    await until(
      () => app.printQueue.get(copy.id)?.status,
      (s) => s === 'printed',
    );
    expect(app.printQueue.get(sendRefused)?.status).toBe('cancelled');
    expect(
      await until(
        () => printer.jobs.at(-1)?.text ?? '',
        (t) => t.includes('POISON later'),
      ),
    ).toContain('*** DUPLICATA 1 ***');

    // Cancel: the ticket the encoder always refuses is given up.
    const cancelled = await post(`/api/v1/failed-print-jobs/${encodeRefused}/cancel`, staff.manager);
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json<Job>().status).toBe('cancelled');
    expect(app.printQueue.status()[0]?.failedJobs).toEqual([]);
    // Acting on a job that is not failed is a conflict, not a silent success.
    expect((await post(`/api/v1/failed-print-jobs/${encodeRefused}/retry`, staff.manager)).statusCode).toBe(409);
  });
});
