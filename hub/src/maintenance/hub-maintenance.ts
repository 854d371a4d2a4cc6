/**
 * Safe shutdown and replacement of a hub (SPEC 3.8), for the machine's administrator:
 *
 * - export: every unsynced operation (with its invoice, sale, top-up and wallet-charge rows),
 *   the invoice series and the last sequence, sealed with a passphrase (bundle.ts);
 * - unpair (and wipe): refused while an unsynced operation is in no exported bundle, so a
 *   counter's unsynced day can never be thrown away by mistake; wipe also erases the people
 *   and wallets this counter cached (the tax records stay: SQLite refuses to delete them);
 * - import: on a replacement machine paired as the same hub, before it does anything else,
 *   the bundle's rows are written back in one transaction and the sequence continues.
 *
 * Every act is in the hub's audit trail.
 */
import { randomUUID } from 'node:crypto';
import { AppError } from '@ismail/shared';
import { appendHubAudit } from '../store/audit.js';
import type { HubDatabase } from '../store/open.js';
import type { CredentialStore } from '../sync/credentials.js';
import { bundledTables, openBundle, sealBundle, type BundleContent, type BundledTable } from './bundle.js';

export class HubMaintenance {
  constructor(
    private readonly db: HubDatabase,
    private readonly credentials: CredentialStore,
  ) {}

  private pendingSeqs(): { count: number; maxSeq: number } {
    const row = this.db
      .prepare<[], { n: number; m: number | null }>(
        "SELECT count(*) AS n, max(seq) AS m FROM outbox WHERE status = 'pending'",
      )
      .get();
    return { count: row?.n ?? 0, maxSeq: row?.m ?? 0 };
  }

  export(passphrase: string, by: string): { id: string; bytes: Buffer; operations: number; lastSeq: number } {
    const hub = this.credentials.load();
    if (hub === null)
      throw new AppError('CONFLICT', 'This hub is not paired: there is nothing to carry to a replacement.');
    // Read in one transaction: a sale committing meanwhile is either wholly in the bundle or wholly after it.
    const content = this.db.transaction((): BundleContent => {
      const pending = "(SELECT seq FROM outbox WHERE status = 'pending')";
      const rowsOf = (table: BundledTable): Record<string, unknown>[] =>
        this.db
          .prepare<[], Record<string, unknown>>(
            table === 'outbox'
              ? `SELECT * FROM outbox WHERE status = 'pending' ORDER BY seq`
              : `SELECT * FROM ${table} WHERE outbox_seq IN ${pending}`,
          )
          .all();
      const rows = Object.fromEntries(bundledTables.map((t) => [t, rowsOf(t)])) as Record<
        BundledTable,
        Record<string, unknown>[]
      >;
      const lastSeq = this.db.prepare<[], { s: number | null }>('SELECT max(seq) AS s FROM outbox').get()?.s ?? 0;
      const floor = Number(
        this.db.prepare<[], { value: string }>("SELECT value FROM hub_meta WHERE key = 'outbox_seq_floor'").get()
          ?.value ?? 0,
      );
      return {
        v: 1,
        hubId: hub.hubId,
        partnerId: hub.partnerId,
        exportedAt: new Date().toISOString(),
        lastSeq: Math.max(lastSeq, floor),
        series: this.db
          .prepare<[], { series: string; last_number: number }>('SELECT series, last_number FROM invoice_series')
          .all(),
        rows,
      };
    })();
    const sealed = sealBundle(content, passphrase);
    const id = randomUUID();
    const operations = content.rows.outbox.length;
    const coveredSeq = operations === 0 ? 0 : Number(content.rows.outbox.at(-1)?.seq ?? 0);
    this.db.transaction(() => {
      this.db
        .prepare('INSERT INTO bundle_exports (id, at, last_seq, operations, sha256) VALUES (?, ?, ?, ?, ?)')
        .run(id, content.exportedAt, coveredSeq, operations, sealed.sha256);
      appendHubAudit(this.db, {
        actor: by,
        action: 'hub.bundle_exported',
        detail: { id, operations, lastSeq: content.lastSeq, sha256: sealed.sha256 },
      });
    })();
    return { id, bytes: sealed.bytes, operations, lastSeq: content.lastSeq };
  }

  /**
   * Refuses while an unsynced operation is in no exported bundle; then forgets the pairing (and, to wipe, the people
   * and wallets).
   */
  unpair(
    input: { confirmHubId: string; wipe: boolean },
    by: string,
  ): { unpaired: true; wiped: boolean; unsyncedExported: number } {
    const hub = this.credentials.load();
    if (hub === null) throw new AppError('CONFLICT', 'This hub is not paired.');
    if (input.confirmHubId !== hub.hubId) throw new AppError('VALIDATION_FAILED', 'Confirm with this hub’s id.');
    const pending = this.pendingSeqs();
    const covered =
      this.db.prepare<[], { s: number | null }>('SELECT max(last_seq) AS s FROM bundle_exports').get()?.s ?? 0;
    if (pending.count > 0 && covered < pending.maxSeq) {
      this.db.transaction(() =>
        appendHubAudit(this.db, {
          actor: by,
          action: 'hub.unpair_refused',
          detail: { unsynced: pending.count, wipe: input.wipe },
        }),
      )();
      throw new AppError(
        'UNSYNCED_OPERATIONS',
        `${String(pending.count)} operations have not reached the cloud and are not in an exported bundle: export them first (or reconnect and let them sync).`,
      );
    }
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM hub_policy').run();
      this.db.prepare('UPDATE staff_sessions SET ended_at = ? WHERE ended_at IS NULL').run(new Date().toISOString());
      if (input.wipe) {
        this.db.prepare('DELETE FROM staff_credentials').run();
        this.db.prepare('DELETE FROM wallet_snapshots').run();
      }
      appendHubAudit(this.db, {
        actor: by,
        action: input.wipe ? 'hub.wiped' : 'hub.unpaired',
        detail: { hubId: hub.hubId, unsyncedExported: pending.count },
      });
    })();
    this.credentials.forget();
    return { unpaired: true, wiped: input.wipe, unsyncedExported: pending.count };
  }

  /**
   * On a replacement paired as the same hub, before its first operation: the old machine's unsynced work, written back
   * once.
   */
  import(bytes: Buffer, passphrase: string, by: string): { operations: number; lastSeq: number } {
    const content = openBundle(bytes, passphrase);
    const hub = this.credentials.load();
    if (hub?.hubId !== content.hubId)
      throw new AppError(
        'CONFLICT',
        'Pair this machine as the bundle’s hub first (the cloud’s “replace hub” gives a new pairing code).',
      );
    return this.db
      .transaction(() => {
        const used = this.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM outbox').get()?.n ?? 0;
        if (used > 0)
          throw new AppError(
            'CONFLICT',
            'This hub already has operations of its own: a bundle goes into a fresh replacement only.',
          );
        for (const s of content.series) {
          this.db
            .prepare(
              'INSERT INTO invoice_series (series, last_number) VALUES (?, ?) ON CONFLICT (series) DO UPDATE SET last_number = max(last_number, excluded.last_number)',
            )
            .run(s.series, s.last_number);
        }
        for (const table of bundledTables) {
          // Column names come from this store's schema, never from the bundle; values are bound.
          const columns = new Set((this.db.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name));
          for (const row of content.rows[table] ?? []) {
            // The old machine's cash sessions stay with its Z reports; these rows join no session here.
            const values = Object.entries(row).filter(
              ([name]) => columns.has(name) && name !== 'cash_session_id' && name !== 'is_open',
            );
            this.db
              .prepare(
                `INSERT INTO ${table} (${values.map(([name]) => `"${name}"`).join(', ')}) VALUES (${values.map(() => '?').join(', ')})`,
              )
              .run(...values.map(([, value]) => value));
          }
        }
        this.db
          .prepare(
            "INSERT INTO hub_meta (key, value) VALUES ('outbox_seq_floor', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
          )
          .run(String(content.lastSeq));
        // The hub's counter (HubClock.tick) continues above the old machine's records, as the sequence does.
        this.db
          .prepare(
            "INSERT INTO hub_meta (key, value) SELECT 'clock_tick', CAST(coalesce(max(clock_tick), 0) AS TEXT) FROM outbox WHERE true ON CONFLICT (key) DO UPDATE SET value = CAST(max(CAST(value AS INTEGER), CAST(excluded.value AS INTEGER)) AS TEXT)",
          )
          .run();
        appendHubAudit(this.db, {
          actor: by,
          action: 'hub.bundle_imported',
          detail: { operations: content.rows.outbox.length, lastSeq: content.lastSeq, exportedAt: content.exportedAt },
        });
        return { operations: content.rows.outbox.length, lastSeq: content.lastSeq };
      })
      .immediate();
  }
}
