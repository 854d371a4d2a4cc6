/**
 * Where the cloud keeps files a module has already sealed (KYC documents, monthly invoice archives): a folder of the
 * data directory when one process runs on the embedded database (`npm start`), the PostgreSQL server every process
 * reads in production mode (pg-file-store.ts). The store never sees plaintext: the module seals before `create` and
 * opens after `read`, with its own authenticated context, so both stores hold the same ciphertext.
 *
 * An S3-compatible object store would be a third implementation of this interface (a bucket per namespace, a
 * conditional put for "written once"); not built: PostgreSQL serves the sizes a country's KYC and archives need.
 */
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { AppError } from '@ismail/shared';

export interface FileStore {
  /**
   * Writes the file whole, once: false (and nothing written) when a file of that name exists. With a client, a store
   * in the database writes in the caller's transaction (the file exists only if the caller commits); a folder ignores
   * it, and the caller removes the file if its transaction fails.
   */
  create(name: string, bytes: Buffer, client?: pg.PoolClient): Promise<boolean>;
  /** The file's bytes, or null when there is none; a store in the database reads through `client` when given. */
  read(name: string, client?: pg.Pool | pg.PoolClient): Promise<Buffer | null>;
  /** Removes the file; removing a missing file is not an error. */
  remove(name: string): Promise<void>;
}

/** A name is one path segment: letters, digits, dot, dash, underscore; never "." or "..". */
export function checkFileName(name: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/.test(name))
    throw new AppError('VALIDATION_FAILED', `invalid stored file name: ${JSON.stringify(name.slice(0, 60))}`);
}

export function tooLargeFile(name: string, maxBytes: number): AppError {
  return new AppError(
    'PAYLOAD_TOO_LARGE',
    `The file ${name} is over the store's bound of ${String(Math.round(maxBytes / 1024 / 1024))} MiB.`,
  );
}

/** One file per name in `directory` (mode 0600, folder 0700), written beside then renamed: whole or absent. */
export function diskFileStore(directory: string, maxBytes: number): FileStore {
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  const fileOf = (name: string): string => {
    checkFileName(name);
    return path.join(directory, name);
  };
  return {
    create(name, bytes) {
      const file = fileOf(name);
      if (bytes.length > maxBytes) return Promise.reject(tooLargeFile(name, maxBytes));
      if (existsSync(file)) return Promise.resolve(false);
      const temporary = `${file}.${String(process.pid)}.tmp`;
      const fd = openSync(temporary, 'w', 0o600);
      try {
        writeSync(fd, bytes);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(temporary, file);
      return Promise.resolve(true);
    },
    read(name) {
      const file = fileOf(name);
      return Promise.resolve(existsSync(file) ? readFileSync(file) : null);
    },
    remove(name) {
      const file = fileOf(name);
      rmSync(file, { force: true });
      rmSync(`${file}.${String(process.pid)}.tmp`, { force: true });
      return Promise.resolve();
    },
  };
}
