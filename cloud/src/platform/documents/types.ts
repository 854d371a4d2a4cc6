/**
 * The contracts of issue 27's shared pieces: one store for documents (KYC, leases, receipts, invoices' PDFs, exports,
 * data exports, ticket attachments, bank statements), the signed expiring links that open them, and the long jobs
 * (report exports, personal-data ZIPs, statement imports) a person follows with a progress bar and downloads later.
 *
 * Implemented by the documents module (`modules/documents/`), which decorates `app.documents` with a `Documents`;
 * a module that uses it declares the dependency 'documents'.
 */
import type { Readable } from 'node:stream';
import type pg from 'pg';

/** What a document is; each kind has its own retention (documents module, `retention.ts`). */
export const documentKinds = [
  'kyc',
  'lease',
  'receipt',
  'invoice_pdf',
  'export',
  'data_export',
  'ticket_attachment',
  'bank_statement',
] as const;
export type DocumentKind = (typeof documentKinds)[number];

export interface StoredDocument {
  readonly id: string;
  readonly kind: DocumentKind;
  /** Whose document it is (the person it is about or who produced it); null for ISMAIL's own. */
  readonly ownerAccountId: string | null;
  readonly filename: string;
  readonly contentType: string;
  readonly sizeBytes: number;
  readonly createdAt: Date;
  /** When the retention job erases it; null: kept until its owner's module removes it. */
  readonly eraseAfter: Date | null;
}

export interface NewDocument {
  readonly kind: DocumentKind;
  readonly ownerAccountId: string | null;
  /** Shown to the person and used as the download's name; 1–200 characters, no path separators. */
  readonly filename: string;
  readonly contentType: string;
}

/**
 * Documents sealed at rest (AES-256-GCM under the master key, as KYC documents are), stored in PostgreSQL in bounded
 * chunks so that every cloud process reads what another wrote and a 20 MB export never sits whole in memory.
 */
export interface DocumentStore {
  /**
   * Stores bytes (a Buffer, or a stream read chunk by chunk with flat memory). With `client`, the document row is
   * written in the caller's transaction (it exists only if the caller commits). Bounded: `maxBytes` per kind; over it
   * the write is refused with VALIDATION_FAILED and nothing stays.
   */
  put(input: NewDocument, body: Buffer | Readable, client?: pg.PoolClient): Promise<StoredDocument>;
  /** The document's description, or null when it does not exist (or was erased). */
  describe(documentId: string): Promise<StoredDocument | null>;
  /** The document's bytes as a stream, opened chunk by chunk; null when it does not exist. */
  open(documentId: string): Promise<{ readonly document: StoredDocument; readonly body: Readable } | null>;
  /** Erases the document's bytes and marks its row erased, with the reason (audited by the caller or the job). */
  erase(documentId: string, reason: string, client?: pg.PoolClient): Promise<void>;
}

/**
 * Signed links: `/v1/documents/<id>/content?link=<token>`. A token names the document, the ONE account allowed to use
 * it and its expiry (minutes); the route refuses it for anyone else (even signed in) and after expiry, and audits
 * every download.
 */
export interface DocumentLinks {
  /** A relative URL (the portal prefixes nothing: same origin). `ttlMs` at most 60 minutes; default 10. */
  sign(input: { readonly documentId: string; readonly viewerAccountId: string; readonly ttlMs?: number }): string;
}

export type ExportJobStatus = 'queued' | 'running' | 'done' | 'failed';

export interface ExportJobView {
  readonly id: string;
  readonly kind: string;
  /** What the person asked for, in their words (« Ventes du 1er au 7 décembre, XLSX »). */
  readonly label: string;
  readonly status: ExportJobStatus;
  readonly doneRows: number;
  /** Null while unknown (the estimate appears once the job has counted). */
  readonly totalRows: number | null;
  /** Seconds left at the current pace; null while unknown. */
  readonly etaSeconds: number | null;
  readonly createdAt: string;
  readonly finishedAt: string | null;
  /** French, for the person, when failed. */
  readonly error: string | null;
  /** A signed link for the requesting account, once done. */
  readonly downloadUrl: string | null;
}

/** What a job's producer gets: report progress, write the file (a stream into the document store). */
export interface ExportJobContext<Params> {
  readonly jobId: string;
  readonly accountId: string;
  readonly params: Params;
  /** Throttled by the runner (one write per second at most); `total` once known. */
  progress(doneRows: number, totalRows?: number): void;
}

export interface ExportJobProducer<Params> {
  /** The kind's name, unique across modules: "reports.sales", "privacy.data_export", "bank.statement_import". */
  readonly kind: string;
  readonly documentKind: DocumentKind;
  /** Produces the file: resolves with its name and type and the stream of its bytes (consumed with backpressure). */
  run(context: ExportJobContext<Params>): Promise<{
    readonly filename: string;
    readonly contentType: string;
    readonly body: Readable;
  }>;
}

/**
 * Long jobs a person follows (`GET /v1/export-jobs`, `/v1/export-jobs/:id`): queued in pg-boss so that a crash or a
 * restart resumes them (a job that was running starts again from zero; its half-written document is dropped), one
 * producer per kind, the file kept in the document store with its kind's retention; `export.ready` notified when done.
 */
export interface ExportJobs {
  register<Params>(producer: ExportJobProducer<Params>): void;
  /** Queues a job for the account; `idempotencyKey` makes a retried request return the same job. */
  start<Params>(input: {
    readonly kind: string;
    readonly accountId: string;
    readonly label: string;
    readonly params: Params;
    readonly idempotencyKey?: string;
  }): Promise<{ readonly jobId: string }>;
  view(jobId: string, accountId: string): Promise<ExportJobView | null>;
  /** The account's jobs, newest first, at most 50 (`GET /v1/export-jobs`). Added by the documents part. */
  list(accountId: string): Promise<ExportJobView[]>;
  /**
   * Runs the queued jobs now, one after another, until none is left or `untilMs` (epoch ms) passes; the periodic job
   * `documents.export-jobs` calls it, and tests call it instead of waiting. Returns how many ran. Added by the
   * documents part.
   */
  runQueued(untilMs?: number): Promise<number>;
}

export interface Documents {
  readonly store: DocumentStore;
  readonly links: DocumentLinks;
  readonly exportJobs: ExportJobs;
}
