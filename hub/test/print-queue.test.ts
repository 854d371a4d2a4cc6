// Proves the durable print queue against the simulated network printer over real TCP: a
// ticket prints once even when the request is retried; a reprint comes out marked
// DUPLICATA; with the printer unreachable the job waits and prints once when it is back; a
// product name carrying ESC/GS bytes neither cuts the paper nor opens the drawer.
import type { FastifyInstance } from 'fastify';
import type { LayoutBlock } from '@ismail/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNetworkPrinter, type NetworkPrinter } from '@ismail/firmware-sim';
import { freePort } from '../../tools/test-support/processes.js';
import { addTcpPrinter, inProcessHub, until } from './support/in-process-hub.js';
import type { HubDatabase } from '../src/store/open.js';

const token = 'print-queue-test-token-0123456789abcdef';
const auth = { authorization: `Bearer ${token}` };
const printerId = '0d7c1a3e-2b4f-4c6d-8e9f-0a1b2c3d4e5f';

const ticket = (label: string): { printerId: string; documentKey: string; blocks: LayoutBlock[] } => ({
  printerId,
  documentKey: `ticket:${label.replace(/[^A-Za-z0-9]/g, '')}`,
  blocks: [
    { type: 'title', text: 'Chez Awa' },
    { type: 'lines', header: ['Article', 'Qté', 'PU', 'Montant'], rows: [[label, '1', '12 500', '12 500 FCFA']] },
    { type: 'totals', rows: [], grand: ['Total TTC', '12 500 FCFA'] },
  ],
});

describe('print queue with the simulated network printer', () => {
  let db: HubDatabase;
  let app: FastifyInstance;
  let printer: NetworkPrinter;
  let port: number;

  beforeAll(async () => {
    port = await freePort();
    printer = await startNetworkPrinter({ host: '127.0.0.1', port });
    ({ app, db } = await inProcessHub('ismail-hub-print-', { adminToken: token, printRetryBaseMs: 500 }));
    expect(await addTcpPrinter(app, auth, { id: printerId, port })).toBe(201);
  });
  afterAll(async () => {
    await app.close();
    await printer.stop();
    db.close();
  });

  const printedJobs = () => printer.jobs.length;

  it('prints a ticket once, even when the request is sent again', async () => {
    const first = await app.inject({
      method: 'POST',
      url: '/api/v1/print-jobs',
      headers: auth,
      payload: ticket('Crème brûlée'),
    });
    expect(first.statusCode).toBe(201);
    const job = first.json<{ id: string }>();
    expect(job.id).toMatch(/^[0-9a-f]{64}$/);
    await until(
      () => app.printQueue.get(job.id)?.status,
      (s) => s === 'printed',
    );
    const again = await app.inject({
      method: 'POST',
      url: '/api/v1/print-jobs',
      headers: auth,
      payload: ticket('Crème brûlée'),
    });
    expect(again.statusCode).toBe(200);
    expect(again.json<{ id: string; status: string }>()).toMatchObject({ id: job.id, status: 'printed' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(printedJobs()).toBe(1);
    expect(printer.jobs[0]?.text).toContain('Cr');
    // "Crème" in WPC1252
    expect(printer.jobs[0]?.bytes.includes(Buffer.from([0x43, 0x72, 0xe8, 0x6d, 0x65]))).toBe(true);
  });

  it('reprints as a marked copy, and keeps both in the history', async () => {
    const [original] = app.printQueue.history({ printerId });
    if (original === undefined) throw new Error('no job');
    const copy = await app.inject({ method: 'POST', url: `/api/v1/print-jobs/${original.id}/reprint`, headers: auth });
    expect(copy.statusCode).toBe(201);
    expect(copy.json()).toMatchObject({ copy: 1, documentKey: original.documentKey });
    await until(printedJobs, (n) => n === 2);
    expect(printer.jobs[1]?.text).toContain('*** DUPLICATA 1 ***');
    expect(printer.jobs[0]?.text).not.toContain('DUPLICATA');
    const history = await app.inject({
      method: 'GET',
      url: `/api/v1/print-jobs?printerId=${printerId}`,
      headers: auth,
    });
    expect(history.json<{ jobs: { copy: number; status: string }[] }>().jobs.map((j) => [j.copy, j.status])).toEqual([
      [1, 'printed'],
      [0, 'printed'],
    ]);
  });

  it('keeps a job while the printer is unreachable and prints it once when it is back', async () => {
    await printer.stop();
    const queued = await app.inject({
      method: 'POST',
      url: '/api/v1/print-jobs',
      headers: auth,
      payload: ticket('Attiéké poisson'),
    });
    const job = queued.json<{ id: string }>();
    const waiting = await until(
      () => app.printQueue.get(job.id),
      (j) => j?.lastError != null,
    );
    expect(waiting).toMatchObject({ status: 'queued' });
    expect(waiting?.lastError).toMatch(/PRINTER_UNREACHABLE/);
    expect(app.printQueue.status()[0]).toMatchObject({ printerId, state: 'offline', waitingJobs: 1 });
    printer = await startNetworkPrinter({ host: '127.0.0.1', port });
    await until(
      () => app.printQueue.get(job.id)?.status,
      (s) => s === 'printed',
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(printer.jobs).toHaveLength(1);
    expect(printer.jobs[0]?.text).toContain('poisson');
  });

  it('waits while the paper is out (staff see it), then prints once when paper is back', async () => {
    await printer.setFaults({ paper: 'out' });
    const before = printer.jobs.length;
    const job = (
      await app.inject({ method: 'POST', url: '/api/v1/print-jobs', headers: auth, payload: ticket('Alloco banane') })
    ).json<{ id: string }>();
    await until(
      () => app.printQueue.status()[0]?.state,
      (s) => s === 'paper_out',
    );
    const states: string[] = [];
    app.printQueue.on('status', (s) => states.push(s.state));
    await new Promise((resolve) => setTimeout(resolve, 500));
    // The queue asked, saw paper end, and sent nothing into a printer that would drop it.
    expect(printer.jobs.slice(before).filter((j) => j.outcome !== 'printed')).toHaveLength(0);
    expect(app.printQueue.get(job.id)).toMatchObject({ status: 'queued', lastError: 'paper out' });
    await printer.setFaults({ paper: 'ok' });
    await until(
      () => app.printQueue.get(job.id)?.status,
      (s) => s === 'printed',
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    const printed = printer.jobs.slice(before).filter((j) => j.outcome === 'printed');
    expect(printed).toHaveLength(1);
    expect(printed[0]?.text).toContain('Alloco banane');
    expect(states).toContain('ready');
  });

  it('resends as a marked copy a ticket whose connection died before the printer confirmed it', async () => {
    // Retries start 500 ms apart (printRetryBaseMs): time to mend the printer before a third
    // cut would set the ticket aside as failed (that path is print-poison.test.ts).
    await printer.setFaults({ dropAfterBytes: 40 });
    const before = printer.jobs.length;
    const job = (
      await app.inject({
        method: 'POST',
        url: '/api/v1/print-jobs',
        headers: auth,
        payload: ticket('Kedjenou de poulet'),
      })
    ).json<{ id: string }>();
    await until(
      () => app.printQueue.get(job.id)?.lastError ?? null,
      (e) => e !== null,
    );
    expect(app.printQueue.get(job.id)?.lastError).toMatch(/PRINTER_CONNECTION_LOST/);
    await printer.setFaults({ dropAfterBytes: null });
    await until(
      () => app.printQueue.get(job.id)?.status,
      (s) => s === 'printed',
    );
    // The simulator files a job when its connection ends, a moment after it confirmed it.
    await until(
      () => printer.jobs.slice(before).at(-1)?.outcome,
      (o) => o === 'printed',
    );
    const jobs = printer.jobs.slice(before);
    // The cut-short original, then the whole ticket marked as a copy: never two originals.
    expect(jobs[0]?.bytes.length).toBe(40);
    expect(jobs.at(-1)?.outcome).toBe('printed');
    expect(jobs.at(-1)?.text).toContain('*** DUPLICATA 1 ***');
    expect(jobs.at(-1)?.text).toContain('Kedjenou de poulet');
  });

  it('decodes a queued ticket exactly in the simulator: French text with accents and dash, one cut, no drawer kick', async () => {
    const before = printer.jobs.length;
    const job = (
      await app.inject({
        method: 'POST',
        url: '/api/v1/print-jobs',
        headers: auth,
        payload: {
          printerId,
          documentKey: 'ticket:creme',
          blocks: [
            { type: 'text', text: 'Crème brûlée — 12 500 FCFA' },
            { type: 'qr', data: 'https://ismail.ci/v/42', caption: 'Vérifier' },
          ],
        },
      })
    ).json<{ id: string }>();
    await until(
      () => app.printQueue.get(job.id)?.status,
      (s) => s === 'printed',
    );
    const printed = await until(
      () => printer.jobs.slice(before).find((j) => j.text.includes('Crème brûlée')),
      (j) => j !== undefined,
    );
    expect(printer.jobs.slice(before).filter((j) => j.text.includes('Crème brûlée'))).toHaveLength(1);
    expect(printed?.text.split('\n').map((l) => l.trim())).toContain('Crème brûlée — 12 500 FCFA');
    expect(printed?.transcript.qrCodes).toEqual(['https://ismail.ci/v/42']);
    expect(printed?.transcript.cuts).toBe(1);
    expect(printed?.transcript.drawerKicks).toBe(0);
  });

  it('refuses control bytes at the API, and prints stored text carrying ESC and GS bytes without them: no extra cut, no drawer kick', async () => {
    const hostile = { ...ticket('Savon\x1dV\x00\x1bp\x00\x19\xfa'), documentKey: 'ticket:hostile' };
    const refused = await app.inject({ method: 'POST', url: '/api/v1/print-jobs', headers: auth, payload: hostile });
    expect(refused.statusCode).toBe(400);
    expect(refused.json<{ error: { code: string } }>().error.code).toBe('CONTROL_CHARACTER');
    // Text stored before the input rule (a product name, a customer) reaches the queue from
    // inside the hub: the encoder drops its control bytes the way every other output does.
    const before = printer.jobs.length;
    const { job } = app.printQueue.enqueue(hostile);
    await until(
      () => app.printQueue.get(job.id)?.status,
      (s) => s === 'printed',
    );
    const bytes =
      (
        await until(
          () => printer.jobs[before],
          (j) => j !== undefined,
        )
      )?.bytes ?? Buffer.alloc(0);
    const hay = bytes.toString('latin1');
    expect(hay.split('\x1dV').length - 1).toBe(1);
    expect(hay).not.toContain('\x1bp');
    expect(hay).toContain('SavonVp\xfa');
    const decoded = printer.jobs[before];
    expect(decoded?.transcript.cuts).toBe(1);
    expect(decoded?.transcript.drawerKicks).toBe(0);
    expect(decoded?.text).toContain('SavonVpú');
  });

  it('refuses printing without the admin token, to an unknown printer, and other content under a printed key', async () => {
    expect((await app.inject({ method: 'POST', url: '/api/v1/print-jobs', payload: ticket('x') })).statusCode).toBe(
      401,
    );
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/api/v1/print-jobs',
          headers: auth,
          payload: { ...ticket('x'), printerId: '11111111-2222-4333-8444-555555555555' },
        })
      ).statusCode,
    ).toBe(404);
    const reused = await app.inject({
      method: 'POST',
      url: '/api/v1/print-jobs',
      headers: auth,
      payload: { ...ticket('Autre chose'), documentKey: 'ticket:Crmebrle' },
    });
    expect(reused.statusCode).toBe(409);
    const tooMany = await app.inject({
      method: 'POST',
      url: '/api/v1/print-jobs',
      headers: auth,
      payload: { ...ticket('x'), blocks: Array.from({ length: 201 }, () => ({ type: 'rule' })) },
    });
    expect(tooMany.statusCode).toBe(400);
  });
});
