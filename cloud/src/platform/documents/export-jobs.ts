/**
 * Export jobs (issue 27): queued in `export_jobs`, claimed by one process at a time under a lease (FOR UPDATE SKIP
 * LOCKED; a crashed process's job is taken again once its lease lapses), at most 3 attempts. The runner writes the
 * producer's stream to a temporary file first, then puts the file into the store: on the embedded database's single
 * connection a producer reading rows with a cursor cannot run while the store writes chunks.
 */
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { AppError } from '@ismail/shared';
import type { Database } from '../db/database.js';
import { withTransaction } from '../db/transaction.js';
import type { SignedDocumentLinks } from './links.js';
import type { PgDocumentStore } from './store.js';
import type { ExportJobProducer, ExportJobs, ExportJobStatus, ExportJobView } from './types.js';

export const maxAttempts = 3;
/** A running job's claim; renewed while it runs, so only a dead process's job lapses. */
const leaseSeconds = 120;
const heartbeatMs = 30_000;
const progressEveryMs = 1_000;
const failedMessage = "L'export n'a pas pu être produit. Réessayez plus tard ou contactez le support.";

interface JobRow {
  id: string;
  account_id: string;
  kind: string;
  label: string;
  params: unknown;
  status: ExportJobStatus;
  done_rows: number;
  total_rows: number | null;
  created_at: Date;
  started_at: Date | null;
  progress_at: Date | null;
  finished_at: Date | null;
  document_id: string | null;
  error: string | null;
  attempts: number;
}

export interface FinishedJob {
  readonly id: string;
  readonly accountId: string;
  readonly kind: string;
  readonly label: string;
  readonly documentId: string;
}

export interface PgExportJobsOptions {
  readonly db: Database;
  readonly store: PgDocumentStore;
  readonly links: SignedDocumentLinks;
  /** Runs in the transaction that marks the job done: notification and audit commit with it. */
  readonly onDone: (client: pg.PoolClient, job: FinishedJob) => Promise<void>;
  readonly onError: (error: unknown, jobId: string) => void;
}

export class PgExportJobs implements ExportJobs {
  private readonly producers = new Map<string, ExportJobProducer<unknown>>();

  constructor(private readonly options: PgExportJobsOptions) {}

  register<Params>(producer: ExportJobProducer<Params>): void {
    if (this.producers.has(producer.kind)) throw new Error(`export producer ${producer.kind} registered twice`);
    this.producers.set(producer.kind, producer);
  }

  async start<Params>(input: {
    readonly kind: string;
    readonly accountId: string;
    readonly label: string;
    readonly params: Params;
    readonly idempotencyKey?: string;
  }): Promise<{ readonly jobId: string }> {
    if (!this.producers.has(input.kind)) throw new Error(`no export producer for ${input.kind}`);
    const label = input.label.trim().slice(0, 200) || 'Export';
    const { pool } = this.options.db;
    // The unique (account, key) decides a race between two retries, not a read before the insert.
    const { rows } = await pool.query<{ id: string }>(
      `INSERT INTO export_jobs (id, account_id, kind, label, params, idempotency_key)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (account_id, idempotency_key) DO NOTHING RETURNING id`,
      [
        randomUUID(),
        input.accountId,
        input.kind,
        label,
        JSON.stringify(input.params ?? {}),
        input.idempotencyKey ?? null,
      ],
    );
    if (rows[0] !== undefined) return { jobId: rows[0].id };
    const existing = await pool.query<{ id: string }>(
      'SELECT id FROM export_jobs WHERE account_id = $1 AND idempotency_key = $2',
      [input.accountId, input.idempotencyKey],
    );
    const id = existing.rows[0]?.id;
    if (id === undefined) throw new Error('export job vanished after its idempotent insert');
    return { jobId: id };
  }

  async view(jobId: string, accountId: string): Promise<ExportJobView | null> {
    if (!/^[0-9a-f-]{36}$/i.test(jobId)) return null;
    const { rows } = await this.options.db.pool.query<JobRow>(
      'SELECT * FROM export_jobs WHERE id = $1 AND account_id = $2',
      [jobId, accountId],
    );
    return rows[0] === undefined ? null : this.toView(rows[0]);
  }

  async list(accountId: string): Promise<ExportJobView[]> {
    const { rows } = await this.options.db.pool.query<JobRow>(
      'SELECT * FROM export_jobs WHERE account_id = $1 ORDER BY created_at DESC, id LIMIT 50',
      [accountId],
    );
    return Promise.all(rows.map((row) => this.toView(row)));
  }

  /** Runs queued jobs (and lapsed ones) until none is left or `untilMs` passes; returns how many it ran. */
  async runQueued(untilMs = Date.now() + 60_000): Promise<number> {
    let ran = 0;
    for (;;) {
      const job = await this.claim();
      if (job === null) return ran;
      await this.runJob(job);
      ran += 1;
      if (Date.now() > untilMs) return ran;
    }
  }

  private async toView(row: JobRow): Promise<ExportJobView> {
    let downloadUrl: string | null = null;
    if (row.status === 'done' && row.document_id !== null) {
      const document = await this.options.store.describe(row.document_id);
      if (document !== null)
        downloadUrl = this.options.links.sign({ documentId: document.id, viewerAccountId: row.account_id });
    }
    return {
      id: row.id,
      kind: row.kind,
      label: row.label,
      status: row.status,
      doneRows: row.done_rows,
      totalRows: row.total_rows,
      etaSeconds: etaSeconds(row),
      createdAt: row.created_at.toISOString(),
      finishedAt: row.finished_at?.toISOString() ?? null,
      error: row.error,
      downloadUrl,
    };
  }

  private async claim(): Promise<JobRow | null> {
    return withTransaction(this.options.db.pool, async (client) => {
      // A job whose lease lapsed after its last attempt is not taken again: it failed.
      await client.query(
        `UPDATE export_jobs SET status = 'failed', finished_at = now(), lease_until = NULL, error = $1
          WHERE status = 'running' AND lease_until < now() AND attempts >= $2`,
        [failedMessage, maxAttempts],
      );
      const { rows } = await client.query<JobRow>(
        `UPDATE export_jobs SET status = 'running', attempts = attempts + 1, started_at = now(), progress_at = now(),
                done_rows = 0, total_rows = NULL, lease_until = now() + make_interval(secs => $1)
          WHERE id = (SELECT id FROM export_jobs
                       WHERE (status = 'queued' OR (status = 'running' AND lease_until < now())) AND attempts < $2
                       ORDER BY created_at FOR UPDATE SKIP LOCKED LIMIT 1)
          RETURNING *`,
        [leaseSeconds, maxAttempts],
      );
      return rows[0] ?? null;
    });
  }

  private async runJob(job: JobRow): Promise<void> {
    const { db, store } = this.options;
    const producer = this.producers.get(job.kind);
    if (producer === undefined) {
      // Another process (a newer version) knows this kind: give the job back without spending an attempt.
      await db.pool.query(
        `UPDATE export_jobs SET status = 'queued', attempts = attempts - 1, lease_until = NULL
          WHERE id = $1 AND status = 'running'`,
        [job.id],
      );
      return;
    }
    const reporter = new ProgressReporter(db, job.id);
    const folder = await mkdtemp(join(tmpdir(), 'ismail-export-'));
    try {
      const output = await producer.run({
        jobId: job.id,
        accountId: job.account_id,
        params: job.params,
        progress: (done, total) => reporter.report(done, total),
      });
      const file = join(folder, 'body');
      await pipeline(output.body, createWriteStream(file));
      await reporter.stop();
      const document = await store.put(
        {
          kind: producer.documentKind,
          ownerAccountId: job.account_id,
          filename: output.filename,
          contentType: output.contentType,
        },
        createReadStream(file),
      );
      await withTransaction(db.pool, async (client) => {
        const { rowCount } = await client.query(
          `UPDATE export_jobs SET status = 'done', document_id = $2, finished_at = now(), lease_until = NULL, error = NULL,
                  done_rows = greatest(done_rows, coalesce(total_rows, 0))
            WHERE id = $1 AND status = 'running' AND attempts = $3`,
          [job.id, document.id, job.attempts],
        );
        // Taken over by another process after a lapsed lease: that run finishes the job, not this one.
        if (rowCount !== 1) throw new Error('export job taken over');
        await this.options.onDone(client, {
          id: job.id,
          accountId: job.account_id,
          kind: job.kind,
          label: job.label,
          documentId: document.id,
        });
      }).catch(async (error: unknown) => {
        await store.erase(document.id, 'export job not finished').catch(() => undefined);
        throw error;
      });
    } catch (error) {
      await reporter.stop();
      this.options.onError(error, job.id);
      // A deliberate refusal (AppError, French) will not change on a retry; anything else is tried again.
      const final = error instanceof AppError || job.attempts >= maxAttempts;
      const message = error instanceof AppError ? error.message.slice(0, 500) : failedMessage;
      await db.pool
        .query(
          `UPDATE export_jobs SET status = $2, error = $3, lease_until = NULL,
                  finished_at = CASE WHEN $2 = 'failed' THEN now() END
            WHERE id = $1 AND status = 'running' AND attempts = $4`,
          [job.id, final ? 'failed' : 'queued', message, job.attempts],
        )
        .catch((e: unknown) => this.options.onError(e, job.id));
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }
}

/** Seconds left at the pace observed since the job started; null until both counts are known. */
function etaSeconds(row: JobRow): number | null {
  if (row.status !== 'running' || row.total_rows === null || row.started_at === null || row.progress_at === null)
    return null;
  const elapsed = (row.progress_at.getTime() - row.started_at.getTime()) / 1000;
  if (row.done_rows <= 0 || elapsed <= 0) return null;
  const left = Math.max(0, row.total_rows - row.done_rows);
  return Math.ceil((left * elapsed) / row.done_rows);
}

/**
 * Writes progress at most once a second and renews the lease meanwhile; one write in flight at a time, never awaited
 * by the producer (on the embedded database a producer's cursor holds the one connection: the write waits its turn).
 */
class ProgressReporter {
  private done = 0;
  private total: number | undefined;
  private lastWriteMs = 0;
  private inFlight: Promise<void> | null = null;
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    private readonly db: Database,
    private readonly jobId: string,
  ) {
    this.heartbeat = setInterval(() => this.write(), heartbeatMs);
    this.heartbeat.unref();
  }

  report(done: number, total?: number): void {
    this.done = Math.max(0, Math.floor(done));
    if (total !== undefined) this.total = Math.max(0, Math.floor(total));
    if (Date.now() - this.lastWriteMs >= progressEveryMs) this.write();
  }

  async stop(): Promise<void> {
    clearInterval(this.heartbeat);
    await this.inFlight;
    this.write();
    await this.inFlight;
  }

  private write(): void {
    if (this.inFlight !== null) return;
    this.lastWriteMs = Date.now();
    this.inFlight = this.db.pool
      .query(
        `UPDATE export_jobs SET done_rows = $2, total_rows = coalesce($3, total_rows), progress_at = now(),
                lease_until = now() + make_interval(secs => $4)
          WHERE id = $1 AND status = 'running'`,
        [this.jobId, this.done, this.total ?? null, leaseSeconds],
      )
      .then(
        () => undefined,
        () => undefined,
      )
      .finally(() => {
        this.inFlight = null;
      });
  }
}
