/**
 * The document store (issue 27) in PostgreSQL: one `documents` row and its bytes in `document_chunks`, at most 256 KiB
 * each, every chunk sealed under the master key with its document and position as authenticated context. A stream is
 * written chunk by chunk and read chunk by chunk: a 200 MB export never sits whole in memory.
 *
 * Without a caller's client, each chunk is its own statement (the embedded database's single connection is never held
 * for a whole upload); the row stays invisible (sha256 null) until its last chunk is written, and a failed write
 * removes what it wrote. With a client, everything happens in the caller's transaction.
 */
import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type pg from 'pg';
import { AppError } from '@ismail/shared';
import { open as openSealed, seal, type MasterKey } from '../crypto/sealed.js';
import type { Database } from '../db/database.js';
import {
  documentKinds,
  type DocumentKind,
  type DocumentStore,
  type NewDocument,
  type StoredDocument,
} from './types.js';

export const chunkBytes = 256 * 1024;
const megabyte = 1024 * 1024;

/** The largest document of each kind: uploads a person sends are small, exports may be long. */
export const maxBytesByKind: Readonly<Record<DocumentKind, number>> = {
  kyc: 5 * megabyte,
  ticket_attachment: 5 * megabyte,
  bank_statement: 5 * megabyte,
  export: 200 * megabyte,
  data_export: 200 * megabyte,
  lease: 20 * megabyte,
  receipt: 20 * megabyte,
  invoice_pdf: 20 * megabyte,
};

interface DocumentRow {
  id: string;
  kind: DocumentKind;
  owner_account_id: string | null;
  filename: string;
  content_type: string;
  size_bytes: string;
  chunk_count: number;
  created_at: Date;
  erase_after: Date | null;
}

const columns = 'id, kind, owner_account_id, filename, content_type, size_bytes, chunk_count, created_at, erase_after';

function toStored(row: DocumentRow): StoredDocument {
  return {
    id: row.id,
    kind: row.kind,
    ownerAccountId: row.owner_account_id,
    filename: row.filename,
    contentType: row.content_type,
    sizeBytes: Number(row.size_bytes),
    createdAt: row.created_at,
    eraseAfter: row.erase_after,
  };
}

const chunkContext = (documentId: string, seq: number): string => `document:${documentId}:${String(seq)}`;
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function validate(input: NewDocument): void {
  if (!documentKinds.includes(input.kind)) throw new AppError('VALIDATION_FAILED', 'Type de document inconnu.');
  const { filename, contentType } = input;
  if (
    filename.length < 1 ||
    filename.length > 200 ||
    /[/\\]/.test(filename) ||
    [...filename].some((c) => c.charCodeAt(0) < 32)
  )
    throw new AppError('VALIDATION_FAILED', 'Le nom du fichier doit faire 1 à 200 caractères, sans « / » ni « \\ ».');
  if (contentType.length < 1 || contentType.length > 200)
    throw new AppError('VALIDATION_FAILED', 'Le type du fichier est invalide.');
}

/** Yields the body in pieces of exactly `chunkBytes` (the last one shorter), holding at most one piece and one read. */
async function* rechunk(body: Buffer | Readable): AsyncGenerator<Buffer> {
  if (Buffer.isBuffer(body)) {
    for (let at = 0; at < body.length; at += chunkBytes) yield body.subarray(at, at + chunkBytes);
    return;
  }
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  for await (const piece of body as AsyncIterable<Buffer | string>) {
    let bytes = typeof piece === 'string' ? Buffer.from(piece) : piece;
    while (bytes.length > 0) {
      const take = Math.min(bytes.length, chunkBytes - pendingBytes);
      pending.push(bytes.subarray(0, take));
      pendingBytes += take;
      bytes = bytes.subarray(take);
      if (pendingBytes === chunkBytes) {
        yield Buffer.concat(pending, pendingBytes);
        pending = [];
        pendingBytes = 0;
      }
    }
  }
  if (pendingBytes > 0) yield Buffer.concat(pending, pendingBytes);
}

export interface PgDocumentStoreOptions {
  readonly db: Database;
  readonly masterKey: MasterKey;
  /** When a document's kind is kept for N days, erase_after = now + N days (the test clock's now). */
  readonly now: () => Date;
}

export class PgDocumentStore implements DocumentStore {
  constructor(private readonly options: PgDocumentStoreOptions) {}

  async put(input: NewDocument, body: Buffer | Readable, client?: pg.PoolClient): Promise<StoredDocument> {
    try {
      validate(input);
    } catch (error) {
      if (!Buffer.isBuffer(body)) body.destroy();
      throw error;
    }
    const id = randomUUID();
    const run = <R extends pg.QueryResultRow>(text: string, values: unknown[]): Promise<pg.QueryResult<R>> =>
      client === undefined ? this.options.db.pool.query<R>(text, values) : client.query<R>(text, values);
    const maxBytes = maxBytesByKind[input.kind];
    if (Buffer.isBuffer(body) && body.length > maxBytes) throw tooLarge(maxBytes);
    const { rows: retention } = await run<{ days: number | null }>(
      'SELECT days FROM document_retention WHERE kind = $1',
      [input.kind],
    );
    const days = retention[0]?.days ?? null;
    const eraseAfter = days === null ? null : new Date(this.options.now().getTime() + days * 86_400_000);
    await run(
      `INSERT INTO documents (id, kind, owner_account_id, filename, content_type, erase_after)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [id, input.kind, input.ownerAccountId, input.filename, input.contentType, eraseAfter],
    );
    const hash = createHash('sha256');
    let size = 0;
    let seq = 0;
    try {
      for await (const chunk of rechunk(body)) {
        size += chunk.length;
        if (size > maxBytes) throw tooLarge(maxBytes);
        hash.update(chunk);
        await run('INSERT INTO document_chunks (document_id, seq, sealed) VALUES ($1, $2, $3)', [
          id,
          seq,
          seal(this.options.masterKey, chunkContext(id, seq), chunk),
        ]);
        seq += 1;
      }
      const { rows } = await run<DocumentRow>(
        `UPDATE documents SET size_bytes = $2, chunk_count = $3, sha256 = $4 WHERE id = $1 RETURNING ${columns}`,
        [id, size, seq, hash.digest('hex')],
      );
      return toStored(rows[0] as DocumentRow);
    } catch (error) {
      if (!Buffer.isBuffer(body)) body.destroy();
      // In a caller's transaction the caller's rollback removes everything; on its own, undo what was written.
      if (client === undefined) await this.options.db.pool.query('DELETE FROM documents WHERE id = $1', [id]);
      throw error;
    }
  }

  async describe(documentId: string): Promise<StoredDocument | null> {
    const row = await this.row(documentId);
    return row === null ? null : toStored(row);
  }

  async open(documentId: string): Promise<{ readonly document: StoredDocument; readonly body: Readable } | null> {
    const row = await this.row(documentId);
    if (row === null) return null;
    const { db, masterKey } = this.options;
    const count = row.chunk_count;
    // One chunk per query, fetched when the reader asks for more: flat memory, and the pool is never held between.
    async function* chunks(): AsyncGenerator<Buffer> {
      for (let seq = 0; seq < count; seq += 1) {
        const { rows } = await db.pool.query<{ sealed: string }>(
          'SELECT sealed FROM document_chunks WHERE document_id = $1 AND seq = $2',
          [documentId, seq],
        );
        const sealed = rows[0]?.sealed;
        if (sealed === undefined) throw new Error(`document ${documentId} lost its chunk ${String(seq)}`);
        yield openSealed(masterKey, chunkContext(documentId, seq), sealed);
      }
    }
    return { document: toStored(row), body: Readable.from(chunks(), { objectMode: false }) };
  }

  async erase(documentId: string, reason: string, client?: pg.PoolClient): Promise<void> {
    const work = async (c: pg.PoolClient | pg.Pool): Promise<void> => {
      await c.query('DELETE FROM document_chunks WHERE document_id = $1', [documentId]);
      await c.query(
        `UPDATE documents SET erased_at = now(), erased_reason = $2, chunk_count = 0
          WHERE id = $1 AND erased_at IS NULL`,
        [documentId, reason.slice(0, 300)],
      );
    };
    if (client !== undefined) return work(client);
    const c = await this.options.db.pool.connect();
    try {
      await c.query('BEGIN');
      await work(c);
      await c.query('COMMIT');
    } catch (error) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      c.release();
    }
  }

  private async row(documentId: string): Promise<DocumentRow | null> {
    if (!uuidPattern.test(documentId)) return null;
    const { rows } = await this.options.db.pool.query<DocumentRow>(
      `SELECT ${columns} FROM documents WHERE id = $1 AND erased_at IS NULL AND sha256 IS NOT NULL`,
      [documentId],
    );
    return rows[0] ?? null;
  }
}

function tooLarge(maxBytes: number): AppError {
  return new AppError(
    'VALIDATION_FAILED',
    `Le fichier dépasse la taille maximale de ${String(Math.round(maxBytes / megabyte))} Mo.`,
  );
}
