// Proves the hub's SQLite file runs with WAL and synchronous=FULL and migrates safely.
import { mkdtempSync, cpSync, appendFileSync, rmSync } from 'node:fs';
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
    expect(migrateHubDatabase(db, dir)).toEqual([
      '0001_foundation.sql',
      '0002_printing.sql',
      '0003_scanners.sql',
      '0004_sync.sql',
      '0005_card_trust.sql',
      '0006_catalog.sql',
      '0007_sales_invoices.sql',
      '0008_staff_cash.sql',
      '0009_bundles.sql',
      '0010_card_photos.sql',
      '0011_top_up_by_card.sql',
      '0012_booking_replica.sql',
      '0013_devices.sql',
      '0014_rfid_scans.sql',
      '0015_door_unlocks.sql',
      '0016_alarms_positions.sql',
      '0017_print_job_failures.sql',
      '0018_catalog_search_key.sql',
      '0019_invoice_clearances.sql',
      '0020_print_job_copy_on_paper.sql',
      '0023_staff_offline_totp.sql',
      '0024_outbox_refusal_codes.sql',
      '0025_invoice_totals_hash.sql',
      '0026_invoice_clearance_qr.sql',
      '0027_visit_doors.sql',
      '0028_lan_terminals.sql',
      '0029_outbox_clock.sql',
      '0031_device_positions_outbox.sql',
    ]);
    expect(migrateHubDatabase(db, dir)).toEqual([]);
    appendFileSync(path.join(dir, '0001_foundation.sql'), '\n-- edited\n');
    expect(() => migrateHubDatabase(db, dir)).toThrow(/changed after it was applied/);
    db.close();
  });

  it('rolls back a failing migration entirely', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ismail-hub-migrations-'));
    cpSync(hubMigrationsDir, dir, { recursive: true });
    appendFileSync(
      path.join(dir, '0999_broken.sql'),
      'CREATE TABLE half_done (id INTEGER);\nINSERT INTO no_such_table VALUES (1);\n',
    );
    const db = openHubDatabase(tempFile());
    expect(() => migrateHubDatabase(db, dir)).toThrow(/no such table/);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half_done'").get()).toBeUndefined();
    expect(db.prepare('SELECT version FROM schema_migrations WHERE version = 999').get()).toBeUndefined();
    db.close();
  });

  it('keeps the print jobs of a hub upgraded to failed jobs (0017), and lets one be set aside only with its reason', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ismail-hub-migrations-'));
    cpSync(hubMigrationsDir, dir, { recursive: true });
    rmSync(path.join(dir, '0017_print_job_failures.sql'));
    const db = openHubDatabase(tempFile());
    migrateHubDatabase(db, dir);
    const printer = '0d7c1a3e-2b4f-4c6d-8e9f-0a1b2c3d4e5f';
    db.prepare(
      "INSERT INTO printers (id, name, transport, connection, width_mm, created_at) VALUES (?, 'Caisse', 'tcp', '{}', 80, 'x')",
    ).run(printer);
    db.prepare(
      "INSERT INTO print_jobs (id, seq, printer_id, document_key, copy, blocks, status, attempts, next_attempt_at, last_error) VALUES (?, 1, ?, 'z-report:1', 0, '[]', 'queued', 2, 0, 'PRINTER_UNREACHABLE: off')",
    ).run('a'.repeat(64), printer);
    expect(migrateHubDatabase(db, hubMigrationsDir)).toEqual(['0017_print_job_failures.sql']);
    expect(
      db.prepare('SELECT document_key, status, attempts, last_error, failed_reason FROM print_jobs').get(),
    ).toEqual({
      document_key: 'z-report:1',
      status: 'queued',
      attempts: 2,
      last_error: 'PRINTER_UNREACHABLE: off',
      failed_reason: null,
    });
    expect(() => db.prepare("UPDATE print_jobs SET status = 'failed'").run()).toThrow(/CHECK constraint/);
    db.prepare(
      "UPDATE print_jobs SET status = 'failed', failed_reason = 'ENCODING_FAILED: x', failed_at = 'now'",
    ).run();
    db.close();
  });
});
