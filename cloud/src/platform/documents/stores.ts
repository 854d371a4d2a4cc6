/**
 * Which file store a module's sealed files go to: the PostgreSQL server's (production mode, several processes read
 * one another's files) or a folder of the data directory (one process on the embedded database, and tests).
 */
import type { Database } from '../db/database.js';
import { diskFileStore, type FileStore } from './file-store.js';
import { pgFileStore } from './pg-file-store.js';

/** "database" in production mode (DATABASE_URL set); "disk", the default, for the embedded mode. */
export type FileStorage = 'disk' | 'database';

export function fileStoreFor(
  options: { readonly db: Database; readonly fileStorage?: FileStorage | undefined },
  place: { readonly namespace: string; readonly directory: string; readonly maxBytes: number },
): FileStore {
  return options.fileStorage === 'database'
    ? pgFileStore({ db: options.db, namespace: place.namespace, maxBytes: place.maxBytes })
    : diskFileStore(place.directory, place.maxBytes);
}
