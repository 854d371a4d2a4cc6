/**
 * The file store in PostgreSQL (migration 0073), for production mode: every cloud process behind the load balancer
 * reads what another wrote. A file is its `stored_files` row and its bytes in `stored_file_chunks`, at most
 * `fileChunkBytes` a row; it is written in one transaction (complete or absent), and a second `create` of a name
 * finds the first (the primary key decides between two processes racing, never a read-then-write).
 */
import type pg from 'pg';
import type { Database } from '../db/database.js';
import { withTransaction } from '../db/transaction.js';
import { checkFileName, tooLargeFile, type FileStore } from './file-store.js';

/** The largest row; the table's CHECK holds the same bound. */
export const fileChunkBytes = 1024 * 1024;

export interface PgFileStoreOptions {
  readonly db: Database;
  /** Which module's files: "kyc", "invoice-archive". */
  readonly namespace: string;
  /** The largest file this namespace takes. */
  readonly maxBytes: number;
}

export function pgFileStore({ db, namespace, maxBytes }: PgFileStoreOptions): FileStore {
  if (!/^[a-z][a-z0-9-]{0,39}$/.test(namespace)) throw new Error(`invalid file store namespace ${namespace}`);
  return {
    async create(name, bytes, caller) {
      checkFileName(name);
      if (bytes.length > maxBytes) throw tooLargeFile(name, maxBytes);
      const chunkCount = Math.ceil(bytes.length / fileChunkBytes);
      const write = async (client: pg.PoolClient): Promise<boolean> => {
        const { rowCount } = await client.query(
          `INSERT INTO stored_files (namespace, name, size_bytes, chunk_count) VALUES ($1, $2, $3, $4)
           ON CONFLICT (namespace, name) DO NOTHING`,
          [namespace, name, bytes.length, chunkCount],
        );
        if (rowCount !== 1) return false;
        for (let seq = 0; seq < chunkCount; seq += 1)
          await client.query('INSERT INTO stored_file_chunks (namespace, name, seq, bytes) VALUES ($1, $2, $3, $4)', [
            namespace,
            name,
            seq,
            bytes.subarray(seq * fileChunkBytes, (seq + 1) * fileChunkBytes),
          ]);
        return true;
      };
      // In the caller's transaction: one connection per upload, never a second one taken while the first is held.
      return caller === undefined ? withTransaction(db.pool, write) : write(caller);
    },
    async read(name, via) {
      checkFileName(name);
      const queryable = via ?? db.pool;
      const { rows: heads } = await queryable.query<{ size_bytes: string; chunk_count: number }>(
        'SELECT size_bytes, chunk_count FROM stored_files WHERE namespace = $1 AND name = $2',
        [namespace, name],
      );
      const head = heads[0];
      if (head === undefined) return null;
      const chunks: Buffer[] = [];
      // One chunk a query: no single result holds the whole file besides the buffer the caller asked for.
      for (let seq = 0; seq < head.chunk_count; seq += 1) {
        const { rows } = await queryable.query<{ bytes: Buffer }>(
          'SELECT bytes FROM stored_file_chunks WHERE namespace = $1 AND name = $2 AND seq = $3',
          [namespace, name, seq],
        );
        const chunk = rows[0]?.bytes;
        if (chunk === undefined) throw new Error(`stored file ${namespace}/${name} lost its chunk ${String(seq)}`);
        chunks.push(chunk);
      }
      const bytes = Buffer.concat(chunks);
      if (bytes.length !== Number(head.size_bytes))
        throw new Error(`stored file ${namespace}/${name} is ${String(bytes.length)} bytes, not ${head.size_bytes}`);
      return bytes;
    },
    async remove(name) {
      checkFileName(name);
      await db.pool.query('DELETE FROM stored_files WHERE namespace = $1 AND name = $2', [namespace, name]);
    },
  };
}
