// Proves the hub's SQLite file runs with WAL and synchronous=FULL and migrates safely.
import { mkdtempSync, cpSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hubMigrationsDir, migrateHubDatabase } from '../src/store/migrate.js';
import { openHubDatabase, readStorePragmas } from '../src/store/open.js';

const tempFile = (): string => path.join(mkdtempSync(path.join(tmpdir(), 'ismail-hub-store-')), 'nested', 'hub.sqlite');

describe('hub store', () => {
  it('opens with WAL, synchronous=FULL and foreign keys, and keeps them after reopening', () => {
    const file = tempFile();
    openHubDatabase(file).close();
    const db = openHubDatabase(file);
    expect(readStorePragmas(db)).toEqual({ journalMode: 'wal', synchronous: 2 });
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  it('applies migrations once and refuses an edited one', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ismail-hub-migrations-'));
    cpSync(hubMigrationsDir, dir, { recursive: true });
    const db = openHubDatabase(tempFile());
    expect(migrateHubDatabase(db, dir)).toEqual(['0001_foundation.sql', '0002_printing.sql', '0003_scanners.sql', '0004_sync.sql', '0005_card_trust.sql', '0006_catalog.sql', '0007_sales_invoices.sql', '0008_staff_cash.sql', '0009_bundles.sql', '0010_card_photos.sql', '0011_top_up_by_card.sql', '0012_booking_replica.sql', '0013_devices.sql', '0014_rfid_scans.sql', '0015_door_unlocks.sql', '0016_alarms_positions.sql']);
    expect(migrateHubDatabase(db, dir)).toEqual([]);
    appendFileSync(path.join(dir, '0001_foundation.sql'), '\n-- edited\n');
    expect(() => migrateHubDatabase(db, dir)).toThrow(/changed after it was applied/);
    db.close();
  });

  it('rolls back a failing migration entirely', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ismail-hub-migrations-'));
    cpSync(hubMigrationsDir, dir, { recursive: true });
    appendFileSync(path.join(dir, '0999_broken.sql'), 'CREATE TABLE half_done (id INTEGER);\nINSERT INTO no_such_table VALUES (1);\n');
    const db = openHubDatabase(tempFile());
    expect(() => migrateHubDatabase(db, dir)).toThrow(/no such table/);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half_done'").get()).toBeUndefined();
    expect(db.prepare('SELECT version FROM schema_migrations WHERE version = 999').get()).toBeUndefined();
    db.close();
  });
});
