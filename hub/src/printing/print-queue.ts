/**
 * The durable print queue (SPEC 3.9) in the hub's SQLite file. A print must never be lost,
 * never come out twice, and never come out as garbage:
 *
 * - A job is committed (synchronous=FULL) before the request is answered, so it survives a
 *   restart or a power cut; its id is derived from the printer, the ticket's content and the
 *   copy number, so a request retried after a lost answer finds the same job.
 * - Each printer drains its jobs one at a time in order. Before sending, the printer's status
 *   is read where the link allows: paper out or cover open means wait (and tell staff), not
 *   send into a printer that will drop it. Failures retry with capped exponential backoff.
 * - A job is marked "sending" before its bytes leave and "printed" once the printer
 *   confirmed it (GS r after the job, answered when everything before it is processed) or,
 *   on links and printers that cannot confirm, took every byte. A connection lost before
 *   the confirmation, or a crash while "sending", means the ticket may be cut short: it is
 *   sent again marked as a copy (DUPLICATA), never as a second original.
 * - A reprint is a new job with the next copy number, printed with its DUPLICATA banner.
 * - A copy number names one copy on paper, unique and increasing per printer and document:
 *   see `copyOnPaper` (a cut original re-sent) and `nextCopyNumber` (a reprint).
 * - A poisoned job never blocks the printer (issue 19): a job that cannot be encoded (checked
 *   when it is queued, and again when it is sent), or whose send fails the same way
 *   `printJobSameFailuresMax` times with the printer there, is set aside as "failed" with its
 *   reason, and the jobs behind it print. A manager retries, cancels or reprints it.
 */
import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import {
  AppError,
  failedJobsShownPerPrinterMax,
  hubPrintHistoryPageMax,
  type FailedPrintJob,
  type LayoutBlock,
  type PrinterConfig,
  type PrinterStatusView,
  type PrintRequest,
} from '@ismail/shared';
import {
  encodeTicket,
  parsePrinterStatus,
  type PrinterTransport,
  type TicketOptions,
  type TransportFailureCode,
} from '@ismail/drivers';
import { printFailureReasonMaxChars, printJobSameFailuresMax } from '../limits.js';
import type { HubDatabase } from '../store/open.js';
import type { PrinterStore } from '../store/printers.js';
import type { CancelTask, Scheduler } from '../platform/scheduler.js';
import { failureOf, toJob, type JobRow, type PrintJob } from './print-job-row.js';
import { canonicalJson } from '@ismail/shared';

export type { JobStatus, PrintJob } from './print-job-row.js';

/** A ticket to queue: the API's PrintRequest, or one the hub lays out itself (an invoice, a Z report). */
export type QueueRequest = Omit<PrintRequest, 'blocks'> & { readonly blocks: readonly LayoutBlock[] };

/** What staff see per printer: its name, its state and why, what waits, what was set aside. */
export type PrinterStatus = PrinterStatusView;

export interface PrintQueueOptions {
  readonly db: HubDatabase;
  readonly printers: PrinterStore;
  readonly transportFor: (printer: PrinterConfig) => PrinterTransport;
  /** Runs the poll of idle printers (the hub's one scheduler). */
  readonly scheduler: Scheduler;
  readonly retryBaseMs?: number;
  readonly retryMaxMs?: number;
  /** How often idle printers are looked at for due jobs. */
  readonly pollMs?: number;
  readonly now?: () => number;
  /** How long a printer may take to confirm a job it is printing (slow printers, long tickets). */
  readonly confirmWithinMs?: number;
  /** Blocks to bytes; the real encoder unless a test needs one that fails. */
  readonly encode?: (blocks: readonly LayoutBlock[], options: TicketOptions) => Uint8Array;
}

/** Jobs kept waiting per printer: past this, the counter is told to stop and look. */
export const waitingJobsPerPrinterMax = 500;
/** History returned per request (the API's bound, shared/src/hub-api/printing). */
export const historyPageMax = hubPrintHistoryPageMax;

/** A failure's text as stored: bounded (the column's CHECK), never a stack trace. */
const reasonText = (text: string): string => text.slice(0, printFailureReasonMaxChars);

export function printJobId(
  printerId: string,
  blocks: readonly LayoutBlock[],
  openDrawer: boolean,
  copy: number,
): string {
  const content = canonicalJson({ blocks, openDrawer });
  if (content === undefined) throw new Error('ticket cannot be canonicalised');
  return createHash('sha256')
    .update(`${printerId}\n${String(copy)}\n${content}`)
    .digest('hex');
}

export class PrintQueue extends EventEmitter<{ status: [PrinterStatus]; job: [PrintJob] }> {
  private readonly retryBaseMs: number;
  private readonly retryMaxMs: number;
  private readonly pollMs: number;
  private readonly now: () => number;
  private readonly draining = new Set<string>();
  private readonly statuses = new Map<string, PrinterStatus>();
  /** Printers seen not to answer the end-of-job confirmation (in memory: tried again after a restart). */
  private readonly unconfirming = new Set<string>();
  private readonly confirmWithinMs: number;
  private readonly encode: (blocks: readonly LayoutBlock[], options: TicketOptions) => Uint8Array;
  private cancelPoll: CancelTask | undefined;
  private stopped = true;
  private relay: ((documentKey: string) => readonly LayoutBlock[] | undefined) | undefined;

  constructor(private readonly options: PrintQueueOptions) {
    super();
    this.retryBaseMs = options.retryBaseMs ?? 1_000;
    this.retryMaxMs = options.retryMaxMs ?? 30_000;
    this.pollMs = options.pollMs ?? 500;
    this.now = options.now ?? Date.now;
    this.confirmWithinMs = options.confirmWithinMs ?? 30_000;
    this.encode = options.encode ?? encodeTicket;
  }

  /** Starts draining. Jobs a crash left mid-send are first turned into marked copies. */
  start(): void {
    const interrupted = this.options.db
      .prepare("UPDATE print_jobs SET status = 'queued', interrupted = 1, next_attempt_at = ? WHERE status = 'sending'")
      .run(this.now());
    if (interrupted.changes > 0) this.emitAll();
    this.stopped = false;
    this.cancelPoll = this.options.scheduler.every({
      name: 'print-queue.poll',
      everyMs: this.pollMs,
      run: () => this.kick(),
    });
    this.kick();
  }

  /** Stops taking new sends; a send in flight finishes (its bytes are already leaving). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.cancelPoll?.();
    this.cancelPoll = undefined;
    while (this.draining.size > 0) await new Promise((resolve) => setTimeout(resolve, 20));
  }

  /** A ticket from the API (PrintRequest) or drawn by the hub itself (an invoice, a Z report). */
  enqueue(request: QueueRequest): { job: PrintJob; created: boolean } {
    const queued = this.options.db.transaction(() => this.enqueueInTransaction(request)).immediate();
    this.committed(queued);
    return queued;
  }

  /**
   * The same, inside the caller's open transaction (a sale's: the ticket is recorded with the
   * sale or not at all). Nothing is sent yet: the printer could otherwise print a ticket whose
   * sale is then rolled back. Once the caller has committed, it passes the result to `committed`.
   */
  enqueueInTransaction(request: QueueRequest): { job: PrintJob; created: boolean } {
    if (!this.options.db.inTransaction) throw new Error('enqueueInTransaction runs inside the caller’s transaction');
    const printer = this.requirePrinter(request.printerId);
    const openDrawer = request.openDrawer === true;
    const id = printJobId(printer.id, request.blocks, openDrawer, 0);
    // A ticket the encoder refuses is set aside at once: the answer says so, the queue never waits on it.
    const refused = this.encodingFailure(printer, request.blocks, { copy: 0, openDrawer });
    return this.insert(id, printer.id, request.documentKey, 0, request.blocks, openDrawer, refused);
  }

  /** After the commit of an `enqueueInTransaction`: staff hear of a ticket set aside, and the printer starts. */
  committed(queued: { job: PrintJob; created: boolean }): void {
    if (queued.created && queued.job.status === 'failed') this.setAsideDone(queued.job.printerId, queued.job.id);
    this.kick();
  }

  requirePrinter(printerId: string): PrinterConfig {
    const printer = this.options.printers.get(printerId);
    if (printer === undefined) throw new AppError('NOT_FOUND', 'No such printer.');
    return printer;
  }

  /** A document's original job (copy 0) on a printer, if it was queued: a retried sale answers with it. */
  original(printerId: string, documentKey: string): PrintJob | undefined {
    const row = this.options.db
      .prepare<[string, string], JobRow>(
        'SELECT * FROM print_jobs WHERE printer_id = ? AND document_key = ? AND copy = 0',
      )
      .get(printerId, documentKey);
    return row === undefined ? undefined : toJob(row);
  }

  /**
   * How a document is laid out again for a reprint (an invoice: with the certification that
   * came since its first ticket). Without it, or when it answers undefined, a reprint is the
   * first job's blocks.
   */
  relayWith(relay: (documentKey: string) => readonly LayoutBlock[] | undefined): void {
    this.relay = relay;
  }

  /** Prints a job again as the next copy, with its DUPLICATA banner; the drawer stays shut. */
  reprint(jobId: string): PrintJob {
    const original = this.row(jobId);
    if (original === undefined) throw new AppError('NOT_FOUND', 'No such print job.');
    if (original.status === 'failed')
      throw new AppError(
        'CONFLICT',
        `The job failed (${original.failed_reason ?? ''}): a manager retries, cancels or reprints it.`,
      );
    return this.nextCopy(original);
  }

  /** A failed job put back in its place in the queue, as if new (its failures forgotten). */
  retryFailed(jobId: string): PrintJob {
    const job = this.failedRow(jobId);
    this.options.db
      .prepare(
        "UPDATE print_jobs SET status = 'queued', failure_code = NULL, same_failures = 0, failed_reason = NULL, failed_at = NULL, next_attempt_at = ? WHERE id = ? AND status = 'failed'",
      )
      .run(this.now(), job.id);
    this.emitAll();
    this.kick();
    return this.mustGet(job.id);
  }

  /** A failed job given up: it will not print. */
  cancelFailed(jobId: string): PrintJob {
    const job = this.failedRow(jobId);
    this.options.db
      .prepare("UPDATE print_jobs SET status = 'cancelled' WHERE id = ? AND status = 'failed'")
      .run(job.id);
    this.emitAll();
    return this.mustGet(job.id);
  }

  /**
   * A failed job replaced by a marked copy (DUPLICATA: part of it may be on paper already);
   * the failed one is cancelled in the same transaction, so it is never printed twice.
   */
  reprintFailed(jobId: string): PrintJob {
    const job = this.failedRow(jobId);
    const copy = this.options.db
      .transaction(() => {
        this.options.db
          .prepare("UPDATE print_jobs SET status = 'cancelled' WHERE id = ? AND status = 'failed'")
          .run(job.id);
        return this.nextCopy(job);
      })
      .immediate();
    this.emitAll();
    return copy;
  }

  private failedRow(jobId: string): JobRow {
    const job = this.row(jobId);
    if (job === undefined) throw new AppError('NOT_FOUND', 'No such print job.');
    if (job.status !== 'failed') throw new AppError('CONFLICT', `The job is ${job.status}, not failed.`);
    return job;
  }

  private mustGet(jobId: string): PrintJob {
    const job = this.get(jobId);
    if (job === undefined) throw new Error('print job vanished');
    return job;
  }

  private nextCopy(original: JobRow): PrintJob {
    const db = this.options.db;
    const reprinted = db
      .transaction(() => {
        const copy = this.nextCopyNumber(original.printer_id, original.document_key);
        const blocks = this.relay?.(original.document_key) ?? (JSON.parse(original.blocks) as LayoutBlock[]);
        const printer = this.options.printers.get(original.printer_id);
        const refused =
          printer === undefined ? null : this.encodingFailure(printer, blocks, { copy, openDrawer: false });
        const id = printJobId(original.printer_id, blocks, false, copy);
        const { job, created } = this.insert(
          id,
          original.printer_id,
          original.document_key,
          copy,
          blocks,
          false,
          refused,
        );
        if (created && refused !== null) this.setAsideDone(original.printer_id, id);
        return job;
      })
      .immediate();
    this.kick();
    return reprinted;
  }

  /**
   * The number the next copy of a document takes: one past every number a job of it carries
   * on paper (its queued `copy`, or `copy_on_paper` once a cut original went out again as a
   * copy). Scoped like the jobs' uniqueness, per printer and document: reprints and retries
   * stay on their job's printer. Run inside the caller's transaction.
   */
  private nextCopyNumber(printerId: string, documentKey: string): number {
    const last = this.options.db
      .prepare<[string, string], { copy: number | null }>(
        'SELECT max(coalesce(copy_on_paper, copy)) AS copy FROM print_jobs WHERE printer_id = ? AND document_key = ?',
      )
      .get(printerId, documentKey);
    return (last?.copy ?? 0) + 1;
  }

  /**
   * The copy number a job whose send was cut (connection lost, or a crash while sending) goes
   * out again with. Part of it may be on paper, so an original is re-sent marked DUPLICATA:
   * it takes the document's next number the first time, stored in the row and kept for every
   * later retry of this job (a manager's Retry too). Each retry re-sends the same bytes: the
   * cut fragments and the one whole ticket that may follow are pieces of one copy, so they
   * share its number, and a later reprint takes the next one. Numbering each attempt instead
   * would put numbers on paper for copies nobody can find whole. A job queued as a copy (a
   * reprint) already carries its own number and keeps it.
   */
  private copyOnPaper(job: JobRow): number {
    if (job.copy > 0) return job.copy;
    if (job.copy_on_paper !== null) return job.copy_on_paper;
    const db = this.options.db;
    return db
      .transaction(() => {
        const copy = this.nextCopyNumber(job.printer_id, job.document_key);
        db.prepare('UPDATE print_jobs SET copy_on_paper = ? WHERE id = ?').run(copy, job.id);
        return copy;
      })
      .immediate();
  }

  get(jobId: string): PrintJob | undefined {
    const row = this.row(jobId);
    return row === undefined ? undefined : toJob(row);
  }

  history(filter: { printerId?: string | undefined; limit?: number | undefined } = {}): PrintJob[] {
    const limit = Math.min(filter.limit ?? 50, historyPageMax);
    const rows =
      filter.printerId === undefined
        ? this.options.db.prepare<[number], JobRow>('SELECT * FROM print_jobs ORDER BY seq DESC LIMIT ?').all(limit)
        : this.options.db
            .prepare<[string, number], JobRow>(
              'SELECT * FROM print_jobs WHERE printer_id = ? ORDER BY seq DESC LIMIT ?',
            )
            .all(filter.printerId, limit);
    return rows.map(toJob);
  }

  cancel(jobId: string): PrintJob {
    const result = this.options.db
      .prepare("UPDATE print_jobs SET status = 'cancelled' WHERE id = ? AND status = 'queued'")
      .run(jobId);
    const job = this.get(jobId);
    if (job === undefined) throw new AppError('NOT_FOUND', 'No such print job.');
    if (job.status === 'failed')
      throw new AppError('CONFLICT', 'The job failed: a manager retries, cancels or reprints it.');
    if (result.changes === 0 && job.status !== 'cancelled')
      throw new AppError('CONFLICT', `The job is ${job.status}: it can no longer be cancelled.`);
    this.emitAll();
    return job;
  }

  status(): PrinterStatus[] {
    // The last state seen, with the queue's own figures (waiting, failed) read now.
    return this.options.printers.list().map((p) => {
      const seen = this.statuses.get(p.id);
      return this.statusOf(p.id, seen?.state ?? 'unknown', seen === undefined ? 'not checked yet' : seen.detail);
    });
  }

  private row(jobId: string): JobRow | undefined {
    return this.options.db.prepare<[string], JobRow>('SELECT * FROM print_jobs WHERE id = ?').get(jobId);
  }

  private insert(
    id: string,
    printerId: string,
    documentKey: string,
    copy: number,
    blocks: readonly LayoutBlock[],
    openDrawer: boolean,
    failedReason: string | null,
  ): { job: PrintJob; created: boolean } {
    const db = this.options.db;
    return db
      .transaction(() => {
        const existing = this.row(id);
        if (existing !== undefined) return { job: toJob(existing), created: false };
        const clash = db
          .prepare<[string, string, number], { id: string }>(
            'SELECT id FROM print_jobs WHERE printer_id = ? AND document_key = ? AND copy = ?',
          )
          .get(printerId, documentKey, copy);
        if (clash !== undefined)
          throw new AppError(
            'CONFLICT',
            `${documentKey} was already printed with other content: reprint it, or give the new ticket its own key.`,
          );
        const waiting = db
          .prepare<[string], { n: number }>(
            "SELECT count(*) AS n FROM print_jobs WHERE printer_id = ? AND status IN ('queued', 'sending')",
          )
          .get(printerId);
        if ((waiting?.n ?? 0) >= waitingJobsPerPrinterMax)
          throw new AppError(
            'CONFLICT',
            `${String(waitingJobsPerPrinterMax)} jobs already wait for this printer: check it.`,
          );
        const seq = (db.prepare<[], { s: number | null }>('SELECT max(seq) AS s FROM print_jobs').get()?.s ?? 0) + 1;
        db.prepare(
          `INSERT INTO print_jobs (id, seq, printer_id, document_key, copy, blocks, open_drawer, status, next_attempt_at, failure_code, failed_reason, failed_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CASE WHEN ? IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%fZ', 'now') END)`,
        ).run(
          id,
          seq,
          printerId,
          documentKey,
          copy,
          JSON.stringify(blocks),
          openDrawer ? 1 : 0,
          failedReason === null ? 'queued' : 'failed',
          this.now(),
          failedReason === null ? null : 'ENCODING_FAILED',
          failedReason,
          failedReason,
        );
        const row = this.row(id);
        if (row === undefined) throw new Error('print job vanished');
        return { job: toJob(row), created: true };
      })
      .immediate();
  }

  private kick(): void {
    if (this.stopped) return;
    for (const printer of this.options.printers.list()) {
      if (this.draining.has(printer.id)) continue;
      this.draining.add(printer.id);
      this.drain(printer)
        .catch((error: unknown) =>
          this.setStatus(printer.id, 'offline', `print queue error: ${(error as Error).message}`),
        )
        .finally(() => this.draining.delete(printer.id));
    }
  }

  private nextDue(printerId: string): JobRow | undefined {
    return this.options.db
      .prepare<[string], JobRow>(
        "SELECT * FROM print_jobs WHERE printer_id = ? AND status IN ('queued', 'sending') ORDER BY seq LIMIT 1",
      )
      .get(printerId);
  }

  /** Sends this printer's due jobs in order; stops at the first that must wait. */
  private async drain(printer: PrinterConfig): Promise<void> {
    const transport = this.options.transportFor(printer);
    for (;;) {
      if (this.stopped) return;
      const job = this.nextDue(printer.id);
      if (job === undefined) {
        this.setStatus(printer.id, this.statuses.get(printer.id)?.state ?? 'unknown', null);
        return;
      }
      // Strict order per printer: a later ticket never overtakes one that waits.
      if (job.next_attempt_at > this.now()) return;
      const ready = await this.check(printer.id, transport);
      if (!ready.ok) {
        this.retryLater(job, ready.detail);
        return;
      }
      const copy = job.interrupted === 1 ? this.copyOnPaper(job) : job.copy;
      const encoded = this.encoded(printer, job.blocks, {
        copy,
        openDrawer: job.open_drawer === 1 && job.interrupted === 0,
      });
      if (!encoded.ok) {
        // Encoding is deterministic: trying again would fail again and hold every ticket behind it.
        this.setAside(job, 'ENCODING_FAILED', encoded.reason);
        continue;
      }
      const bytes = encoded.bytes;
      this.options.db
        .prepare("UPDATE print_jobs SET status = 'sending', attempts = attempts + 1 WHERE id = ?")
        .run(job.id);
      // Ask for the printer's confirmation until it shows it never gives one (then waiting
      // for it would hold every ticket back).
      const confirm = !this.unconfirming.has(printer.id);
      const sent = await transport.send(bytes, confirm ? { confirmWithinMs: this.confirmWithinMs } : {});
      if (!sent.ok) {
        // Nothing (or part of the job) reached the printer; the retry goes out as a copy if
        // bytes may have left, so a partial first print is never mistaken for two originals.
        this.options.db
          .prepare(
            "UPDATE print_jobs SET status = 'queued', interrupted = CASE WHEN ? THEN 1 ELSE interrupted END WHERE id = ?",
          )
          .run(sent.code === 'PRINTER_CONNECTION_LOST' ? 1 : 0, job.id);
        const error = `${sent.code}: ${sent.detail}`;
        if (this.countAgainstJob(job, sent.code, ready.printerAnswered) >= printJobSameFailuresMax) {
          this.setAside(
            job,
            sent.code,
            `REPEATED_FAILURE: ${String(printJobSameFailuresMax)} times in a row with the printer there, ${error}`,
          );
          continue;
        }
        this.setStatus(printer.id, 'offline', error);
        this.retryLater({ ...job, attempts: job.attempts + 1 }, error);
        return;
      }
      if (confirm && !sent.value.confirmed) this.unconfirming.add(printer.id);
      this.options.db
        .prepare(
          "UPDATE print_jobs SET status = 'printed', printed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), last_error = NULL WHERE id = ?",
        )
        .run(job.id);
      const printed = this.get(job.id);
      if (printed !== undefined) this.emit('job', printed);
    }
  }

  /** Reads the printer's status where the link allows; anything but a clear "cannot print" lets the job go. */
  private async check(
    printerId: string,
    transport: PrinterTransport,
  ): Promise<{ ok: true; printerAnswered: boolean } | { ok: false; detail: string }> {
    const cause = await transport.queryStatus(2);
    if (!cause.ok && cause.code !== 'STATUS_UNSUPPORTED') {
      this.setStatus(printerId, 'offline', `${cause.code}: ${cause.detail}`);
      return { ok: false, detail: `${cause.code}: ${cause.detail}` };
    }
    const paper = cause.ok ? await transport.queryStatus(4) : cause;
    const state = parsePrinterStatus(cause.ok ? cause.value : undefined, paper.ok ? paper.value : undefined);
    this.setStatus(printerId, state, cause.ok ? null : 'this printer gives no status on its link');
    if (state === 'paper_out') return { ok: false, detail: 'paper out' };
    if (state === 'cover_open') return { ok: false, detail: 'cover open' };
    return { ok: true, printerAnswered: cause.ok };
  }

  /** The ticket as bytes for this printer, or why it cannot be (the encoder threw). */
  private encoded(
    printer: PrinterConfig,
    blocksJson: string,
    job: { copy: number; openDrawer: boolean },
  ): { ok: true; bytes: Uint8Array } | { ok: false; reason: string } {
    try {
      const blocks = JSON.parse(blocksJson) as LayoutBlock[];
      return {
        ok: true,
        bytes: this.encode(blocks, {
          commandSet: printer.commandSet ?? 'epson',
          widthMm: printer.widthMm,
          codePage: printer.codePage,
          copy: job.copy,
          openDrawer: job.openDrawer,
        }),
      };
    } catch (error) {
      return {
        ok: false,
        reason: reasonText(`ENCODING_FAILED: ${error instanceof Error ? error.message : String(error)}`),
      };
    }
  }

  private encodingFailure(
    printer: PrinterConfig,
    blocks: readonly LayoutBlock[],
    job: { copy: number; openDrawer: boolean },
  ): string | null {
    const encoded = this.encoded(printer, JSON.stringify(blocks), job);
    return encoded.ok ? null : encoded.reason;
  }

  /**
   * Counts a failed send against the job when the printer was there: it answered its status
   * just before, or the connection opened and died mid-job. An unreachable printer is the
   * printer's failure, not the ticket's, and must not set every waiting ticket aside.
   * Returns how many times in a row the job has now failed this way.
   */
  private countAgainstJob(job: JobRow, code: TransportFailureCode, printerAnswered: boolean): number {
    if (!printerAnswered && code !== 'PRINTER_CONNECTION_LOST') return job.same_failures;
    const count = job.failure_code === code ? job.same_failures + 1 : 1;
    this.options.db
      .prepare('UPDATE print_jobs SET failure_code = ?, same_failures = ? WHERE id = ?')
      .run(code, count, job.id);
    return count;
  }

  /**
   * Sets a job aside as failed with its reason; the jobs behind it go on printing. The code
   * (ENCODING_FAILED, or the link's failure that repeated) is what the screens put in words.
   */
  private setAside(job: JobRow, code: 'ENCODING_FAILED' | TransportFailureCode, reason: string): void {
    this.options.db
      .prepare(
        "UPDATE print_jobs SET status = 'failed', failure_code = ?, same_failures = CASE WHEN ? THEN 1 ELSE same_failures END, failed_reason = ?, failed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), last_error = ? WHERE id = ?",
      )
      .run(code, code === 'ENCODING_FAILED' ? 1 : 0, reasonText(reason), reasonText(reason), job.id);
    this.setAsideDone(job.printer_id, job.id);
  }

  /** Tells staff at once: the job (live channel) and the printer's status with its failed jobs. */
  private setAsideDone(printerId: string, jobId: string): void {
    const failed = this.get(jobId);
    if (failed !== undefined) this.emit('job', failed);
    const current = this.statuses.get(printerId);
    this.setStatus(printerId, current?.state ?? 'unknown', current?.detail ?? null);
  }

  private retryLater(job: JobRow, error: string): void {
    const delayMs = Math.min(this.retryMaxMs, this.retryBaseMs * 2 ** Math.min(job.attempts, 16));
    this.options.db
      .prepare('UPDATE print_jobs SET next_attempt_at = ?, last_error = ? WHERE id = ?')
      .run(this.now() + delayMs, error.slice(0, 500), job.id);
    // The printer may be back sooner than the backoff: its status is polled meanwhile by the
    // next kick, and a job waiting only for paper is retried as soon as the backoff allows.
  }

  private waiting(printerId: string): number {
    return (
      this.options.db
        .prepare<[string], { n: number }>(
          "SELECT count(*) AS n FROM print_jobs WHERE printer_id = ? AND status IN ('queued', 'sending')",
        )
        .get(printerId)?.n ?? 0
    );
  }

  private failedJobs(printerId: string): FailedPrintJob[] {
    return this.options.db
      .prepare<
        [string, number],
        Pick<JobRow, 'id' | 'document_key' | 'copy' | 'status' | 'failure_code' | 'same_failures'> & {
          failed_reason: string;
          failed_at: string;
        }
      >(
        "SELECT id, document_key, coalesce(copy_on_paper, copy) AS copy, status, failure_code, same_failures, failed_reason, failed_at FROM print_jobs WHERE printer_id = ? AND status = 'failed' ORDER BY seq LIMIT ?",
      )
      .all(printerId, failedJobsShownPerPrinterMax)
      .map((r) => ({
        id: r.id,
        documentKey: r.document_key,
        copy: r.copy,
        reason: r.failed_reason,
        failure: failureOf(r) ?? { code: 'ENCODING_FAILED', cause: null, times: 1 },
        failedAt: r.failed_at,
      }));
  }

  private statusOf(printerId: string, state: PrinterStatus['state'], detail: string | null): PrinterStatus {
    const name = this.options.printers.get(printerId)?.name ?? printerId;
    return {
      printerId,
      name,
      state,
      detail: detail === null ? null : reasonText(detail),
      waitingJobs: this.waiting(printerId),
      failedJobs: this.failedJobs(printerId),
      at: new Date(this.now()).toISOString(),
    };
  }

  private setStatus(printerId: string, state: PrinterStatus['state'], detail: string | null): void {
    const next = this.statusOf(printerId, state, detail);
    const previous = this.statuses.get(printerId);
    this.statuses.set(printerId, next);
    const failedIds = (status: PrinterStatus): string => status.failedJobs.map((j) => j.id).join();
    if (
      previous?.state !== next.state ||
      previous.detail !== next.detail ||
      previous.waitingJobs !== next.waitingJobs ||
      failedIds(previous) !== failedIds(next)
    )
      this.emit('status', next);
  }

  private emitAll(): void {
    for (const printer of this.options.printers.list()) {
      const current = this.statuses.get(printer.id);
      this.setStatus(printer.id, current?.state ?? 'unknown', current?.detail ?? null);
    }
  }
}
