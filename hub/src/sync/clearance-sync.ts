/**
 * The tax authority's answer on this hub's own invoices, replicated from the cloud's
 * `hub_invoice_clearances` shape (see shape-sync): once the cloud has certified an invoice
 * the counter knows it, with the authority's reference and QR (the ticket lays them out), and
 * keeps knowing it offline. A cloud that does not send the QR yet leaves it null. Owns
 * the `invoice_clearances` table; never touches the issued invoices themselves (frozen).
 */
import { hubClearanceStatuses, type HubClearanceStatus } from '@ismail/shared';
import type { HubDatabase } from '../store/open.js';
import type { CredentialStore } from './credentials.js';
import { ShapeSync, type ShapeReplica } from './shape-sync.js';

/** The cloud's clearance states (shared/hub-api); anything else is not stored. */
const isClearanceStatus = (value: string): value is HubClearanceStatus =>
  hubClearanceStatuses.some((status) => status === value);

export const clearanceReplica: ShapeReplica<'hub_invoice_clearances'> = {
  shape: 'hub_invoice_clearances',
  clear: (db) => db.prepare('DELETE FROM invoice_clearances').run(),
  upsert: (db, row) => {
    // A state this build does not know (a newer cloud) is skipped rather than blocking the feed.
    if (!isClearanceStatus(row.clearance_status)) return;
    // The number is the join key: a row of the same number under another id (never expected) gives way.
    db.prepare('DELETE FROM invoice_clearances WHERE number = ? AND id <> ?').run(row.number, row.id);
    db.prepare(
      `INSERT INTO invoice_clearances (id, number, kind, clearance_status, authority, authority_reference, certified_at, qr_data) VALUES (@id, @number, @kind, @clearance_status, @authority, @authority_reference, @certified_at, @qr_data)
       ON CONFLICT (id) DO UPDATE SET number = excluded.number, kind = excluded.kind, clearance_status = excluded.clearance_status, authority = excluded.authority,
         authority_reference = excluded.authority_reference, certified_at = excluded.certified_at, qr_data = excluded.qr_data`,
    ).run({
      id: row.id,
      number: row.number,
      kind: row.kind === 'credit_note' ? 'credit_note' : 'invoice',
      clearance_status: row.clearance_status,
      authority: row.authority,
      authority_reference: row.authority_reference,
      certified_at: row.certified_at,
      // Absent from changes logged before the cloud sent it; bounded like its column: an over-long value
      // is not stored (the ticket keeps the cloud's link).
      qr_data: row.qr_data != null && row.qr_data.length <= 2000 ? row.qr_data : null,
    });
  },
  remove: (db, id) => db.prepare('DELETE FROM invoice_clearances WHERE id = ?').run(id),
};

export class ClearanceSync {
  private readonly sync: ShapeSync<'hub_invoice_clearances'>;

  constructor(db: HubDatabase, credentials: CredentialStore, retryBaseMs = 1_000) {
    this.sync = new ShapeSync(db, credentials, clearanceReplica, retryBaseMs);
  }

  start(): void {
    this.sync.start();
  }

  stop(): void {
    this.sync.stop();
  }

  state(): { syncedAt: string | null; lastError: string | null } {
    return { syncedAt: this.sync.syncedAt(), lastError: this.sync.lastError };
  }
}
