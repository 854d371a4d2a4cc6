/**
 * Opens the hub's SQLite file with the pragmas a counter needs, written explicitly:
 * WAL so the counter app reads while a sale commits, and synchronous=FULL because WAL's
 * default (NORMAL) can lose the last committed sale on a power cut. Each pragma is read
 * back: a store that silently runs without them must refuse to open.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { cacheStatements } from './statement-cache.js';

export type HubDatabase = Database.Database;

/** A writer waits this long for another connection's lock before failing the request. */
const busyTimeoutMs = 5000;

export function openHubDatabase(file: string): HubDatabase {
  mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  try {
    db.pragma(`busy_timeout = ${String(busyTimeoutMs)}`);
    const journalMode = db.pragma('journal_mode = WAL', { simple: true });
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    const synchronous = db.pragma('synchronous', { simple: true });
    const foreignKeys = db.pragma('foreign_keys', { simple: true });
    // 2 = FULL in SQLite's numbering.
    if (journalMode !== 'wal' || synchronous !== 2 || foreignKeys !== 1) {
      throw new Error(
        `SQLite refused the hub pragmas (journal_mode=${String(journalMode)}, synchronous=${String(synchronous)}, foreign_keys=${String(foreignKeys)})`,
      );
    }
    cacheStatements(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

export interface StorePragmas {
  readonly journalMode: string;
  readonly synchronous: number;
}

export function readStorePragmas(db: HubDatabase): StorePragmas {
  return {
    journalMode: String(db.pragma('journal_mode', { simple: true })),
    synchronous: Number(db.pragma('synchronous', { simple: true })),
  };
}
