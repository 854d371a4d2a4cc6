// Export jobs (issue 27) on both databases: another account's job is 404, a retried request (same idempotency key)
// returns the same job, a producer that fails once ends done after a retry, one that keeps failing ends failed with a
// French message (never a stack), progress is visible while a producer runs, and a done job has a download link, a
// notification and an audit entry.
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '@ismail/shared';
import type { ExportJobView } from '../src/platform/documents/types.js';
import { testBackends } from './support/databases.js';
import { openTestCloud, type TestCloud } from './support/test-cloud.js';
import type { Signed } from './support/people.js';

interface Params {
  readonly rows: number;
  readonly waitMs?: number;
}

describe.each(testBackends)('documents: export jobs on $name', (backend) => {
  let cloud: TestCloud;
  /** Jobs of the flaky producer that already failed once. */
  const failedOnce = new Set<string>();
  const get = (who: Signed, url: string) =>
    cloud.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${who.token}` } });
  const jobs = () => cloud.app.documents.exportJobs;

  beforeAll(async () => {
    cloud = await openTestCloud(backend, { seedRates: false });
    jobs().register<Params>({
      kind: 'test.lines',
      documentKind: 'export',
      run: async (context) => {
        const { params } = context;
        const lines: string[] = [];
        for (let i = 0; i < params.rows; i += 1) {
          lines.push(`ligne ${String(i)}\n`);
          context.progress(i + 1, params.rows);
          if (params.waitMs !== undefined) await sleep(params.waitMs);
        }
        return { filename: 'lignes.csv', contentType: 'text/csv', body: Readable.from(lines) };
      },
    });
    jobs().register<Params>({
      kind: 'test.flaky',
      documentKind: 'export',
      run: async ({ jobId }) => {
        if (!failedOnce.has(jobId)) {
          failedOnce.add(jobId);
          throw new Error('connection reset at /srv/secret/path.ts:12');
        }
        return { filename: 'ok.csv', contentType: 'text/csv', body: Readable.from(['a;b\n']) };
      },
    });
    jobs().register<Params>({
      kind: 'test.refused',
      documentKind: 'export',
      run: () => Promise.reject(new AppError('VALIDATION_FAILED', 'La période dépasse 366 jours.')),
    });
    jobs().register<Params>({
      kind: 'test.broken',
      documentKind: 'export',
      run: () => Promise.reject(new Error('TypeError: cannot read x of undefined at producer.ts:3')),
    });
  });
  afterAll(async () => cloud.close());

  it('answers 401 without a session, 404 for another account’s job and for a job that does not exist', async () => {
    const { jobId } = await jobs().start({
      kind: 'test.lines',
      accountId: cloud.people.partnerA.id,
      label: 'Ventes',
      params: { rows: 1 },
    });
    expect((await cloud.app.inject({ method: 'GET', url: `/v1/export-jobs/${jobId}` })).statusCode).toBe(401);
    const other = await get(cloud.people.partnerB, `/v1/export-jobs/${jobId}`);
    expect(other.statusCode).toBe(404);
    expect(JSON.stringify(other.json())).not.toContain('Ventes');
    expect((await get(cloud.people.partnerB, '/v1/export-jobs')).json()).toEqual({ jobs: [] });
    expect((await get(cloud.people.partnerA, '/v1/export-jobs/not-a-uuid')).statusCode).toBe(400);
    expect((await get(cloud.people.partnerA, `/v1/export-jobs/${crypto.randomUUID()}`)).statusCode).toBe(404);
  });

  it('returns the same job for the same idempotency key, even when two requests race', async () => {
    const start = () =>
      jobs().start({
        kind: 'test.lines',
        accountId: cloud.people.clientA.id,
        label: 'Mes achats',
        params: { rows: 2 },
        idempotencyKey: 'k-1',
      });
    const [a, b] = await Promise.all([start(), start()]);
    expect(a.jobId).toBe(b.jobId);
    expect((await start()).jobId).toBe(a.jobId);
    // The same key for another account is another job.
    const other = await jobs().start({
      kind: 'test.lines',
      accountId: cloud.people.clientB.id,
      label: 'Mes achats',
      params: { rows: 2 },
      idempotencyKey: 'k-1',
    });
    expect(other.jobId).not.toBe(a.jobId);
  });

  it('ends a job whose producer keeps failing as failed, with a French message and no stack', async () => {
    const { jobId } = await jobs().start({
      kind: 'test.broken',
      accountId: cloud.people.partnerA.id,
      label: 'Cassé',
      params: { rows: 0 },
    });
    await jobs().runQueued();
    const view = (await get(cloud.people.partnerA, `/v1/export-jobs/${jobId}`)).json<ExportJobView>();
    expect(view.status).toBe('failed');
    expect(view.error).toMatch(/n'a pas pu être produit/);
    expect(view.error).not.toMatch(/TypeError|\.ts/);
    expect(view.downloadUrl).toBeNull();
    const { rows } = await cloud.db.pool.query('SELECT attempts FROM export_jobs WHERE id = $1', [jobId]);
    expect(rows[0]).toEqual({ attempts: 3 });
  });

  it('ends at once a job whose producer refuses it on purpose (AppError), with the producer’s French message', async () => {
    const { jobId } = await jobs().start({
      kind: 'test.refused',
      accountId: cloud.people.partnerA.id,
      label: 'Refusé',
      params: { rows: 0 },
    });
    await jobs().runQueued();
    expect(await jobs().view(jobId, cloud.people.partnerA.id)).toMatchObject({
      status: 'failed',
      error: 'La période dépasse 366 jours.',
    });
    const { rows } = await cloud.db.pool.query('SELECT attempts FROM export_jobs WHERE id = $1', [jobId]);
    expect(rows[0]).toEqual({ attempts: 1 });
  });

  it('takes again a job whose process died (lapsed lease), and fails one that lapsed on its last attempt', async () => {
    const start = (label: string) =>
      jobs().start({ kind: 'test.lines', accountId: cloud.people.partnerB.id, label, params: { rows: 3 } });
    const crashed = await start('Repris');
    const exhausted = await start('Épuisé');
    const live = await start('En cours ailleurs');
    const lease = (id: string, attempts: number, lapsed: boolean) =>
      cloud.db.pool.query(
        `UPDATE export_jobs SET status = 'running', attempts = $2, started_at = now(),
                lease_until = now() + make_interval(secs => $3) WHERE id = $1`,
        [id, attempts, lapsed ? -5 : 300],
      );
    await lease(crashed.jobId, 1, true);
    await lease(exhausted.jobId, 3, true);
    await lease(live.jobId, 1, false);
    await jobs().runQueued();
    const view = (id: string) => jobs().view(id, cloud.people.partnerB.id);
    expect(await view(crashed.jobId)).toMatchObject({ status: 'done', doneRows: 3 });
    expect(await view(exhausted.jobId)).toMatchObject({ status: 'failed', error: expect.stringMatching(/Réessayez/) });
    // Another process holds it under a live lease: not taken.
    expect(await view(live.jobId)).toMatchObject({ status: 'running' });
    await cloud.db.pool.query("UPDATE export_jobs SET status = 'failed', lease_until = NULL WHERE id = $1", [
      live.jobId,
    ]);
  });

  it('runs each job once when two runners drain the queue at the same time', async () => {
    const ids = await Promise.all(
      [1, 2, 3, 4].map(
        async (n) =>
          (
            await jobs().start({
              kind: 'test.lines',
              accountId: cloud.people.clientB.id,
              label: `Lot ${String(n)}`,
              params: { rows: 2 },
            })
          ).jobId,
      ),
    );
    const [a, b] = await Promise.all([jobs().runQueued(), jobs().runQueued()]);
    // Earlier tests may have left the clientB jobs of the idempotency test queued: count only these.
    expect(a + b).toBeGreaterThanOrEqual(4);
    const { rows } = await cloud.db.pool.query<{ status: string; attempts: number }>(
      'SELECT status, attempts FROM export_jobs WHERE id = ANY($1::uuid[])',
      [ids],
    );
    expect(rows).toEqual(ids.map(() => ({ status: 'done', attempts: 1 })));
    const notified = await cloud.db.pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM notifications WHERE event_type = 'export.ready' AND event_key = ANY($1::text[])",
      [ids.map((id) => `export.ready:${id}`)],
    );
    expect(notified.rows[0]).toEqual({ n: 4 });
  });

  it('retries a producer that failed once: the job ends done', async () => {
    const { jobId } = await jobs().start({
      kind: 'test.flaky',
      accountId: cloud.people.partnerA.id,
      label: 'Relance',
      params: { rows: 0 },
    });
    await jobs().runQueued();
    const view = await jobs().view(jobId, cloud.people.partnerA.id);
    expect(view).toMatchObject({ status: 'done', error: null });
    expect(failedOnce.has(jobId)).toBe(true);
  });

  it('shows progress while the producer runs, then the link, the notification and the audit entry', async () => {
    const partner = cloud.people.partnerA;
    const { jobId } = await jobs().start({
      kind: 'test.lines',
      accountId: partner.id,
      label: 'Ventes du 1er au 7 décembre, CSV',
      params: { rows: 40, waitMs: 100 },
    });
    const queued = (await get(partner, `/v1/export-jobs/${jobId}`)).json<ExportJobView>();
    expect(queued).toMatchObject({ status: 'queued', doneRows: 0, downloadUrl: null });
    const running = jobs().runQueued();
    const seen: ExportJobView[] = [];
    for (let i = 0; i < 40; i += 1) {
      await sleep(150);
      const view = (await get(partner, `/v1/export-jobs/${jobId}`)).json<ExportJobView>();
      if (view.status !== 'running') break;
      seen.push(view);
    }
    await running;
    const partial = seen.find((v) => v.doneRows > 0 && v.doneRows < 40);
    expect(partial?.totalRows).toBe(40);
    expect(seen.some((v) => v.etaSeconds !== null)).toBe(true);
    const done = (await get(partner, `/v1/export-jobs/${jobId}`)).json<ExportJobView>();
    expect(done).toMatchObject({ status: 'done', doneRows: 40, totalRows: 40, etaSeconds: null, error: null });
    expect(done.downloadUrl).toMatch(/^\/v1\/documents\/[0-9a-f-]{36}\/content\?link=/);
    const file = await get(partner, done.downloadUrl!);
    expect(file.statusCode).toBe(200);
    expect(file.body.split('\n')[39]).toBe('ligne 39');
    const list = (await get(partner, '/v1/export-jobs')).json<{ jobs: ExportJobView[] }>();
    expect(list.jobs[0]?.id).toBe(jobId);
    const notified = await cloud.db.pool.query(
      "SELECT count(*)::int AS n FROM notifications WHERE event_type = 'export.ready' AND event_key = $1",
      [`export.ready:${jobId}`],
    );
    expect(notified.rows[0]).toEqual({ n: 1 });
    const audited = await cloud.db.pool.query(
      "SELECT count(*)::int AS n FROM audit_log WHERE action = 'export.done' AND subject_id = $1",
      [jobId],
    );
    expect(audited.rows[0]).toEqual({ n: 1 });
  }, 60_000);
});
