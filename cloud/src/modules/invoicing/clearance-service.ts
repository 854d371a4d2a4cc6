/**
 * Tax-authority clearance of issued invoices (SPEC 3.7, research 9.4). The invoices table
 * is the durable queue and the outcome store: a worker leases the next invoice due (row
 * lock, SKIP LOCKED, a lease so two cloud processes never send one invoice at once), maps
 * it, and runs `certifyOnce`: a stored uncertain outcome (timeout, 500, outage) is
 * reconciled with the authority before anything is resent, so no invoice is certified
 * twice. Uncertain attempts back off; one that only a person can settle (the authority may
 * have certified it and offers no lookup) is parked for the admin queue and never leased
 * again on its own (clearance-resolution.ts). Certified and rejected are final.
 */
import type pg from 'pg';
import type { InvoiceDraft, InvoiceTotals } from '@ismail/shared';
import type { Database } from '../../platform/db/database.js';
import { appendAudit } from '../../platform/audit/audit-log.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { certifyOnce } from './clearance/certify-once.js';
import type {
  ClearanceConnector,
  ClearanceInvoice,
  ClearanceOutcome,
  ClearanceStore,
  UncertainNext,
} from './clearance/connector.js';

/** Which authority clears a seller's invoices, by the seller's country. */
export type ClearanceConnectors = Partial<Record<string, ClearanceConnector>>;

const leaseSeconds = 120;
const maxBackoffSeconds = 600;

interface DueRow {
  id: string;
  kind: 'invoice' | 'credit_note';
  number: string;
  issued_at: Date;
  document: InvoiceDraft;
  totals: InvoiceTotals;
  clearance_attempts: number;
  original_invoice_id: string | null;
}

const clearancePayment: Readonly<Record<string, ClearanceInvoice['paymentMethod']>> = {
  cash: 'cash',
  mobile_money: 'mobile_money',
  card: 'card',
  transfer: 'transfer',
  credit: 'credit',
  wallet: 'mobile_money',
};

export function toClearanceInvoice(
  row: DueRow,
  original?: { invoiceId: string; authorityReference: string },
): ClearanceInvoice {
  const d = row.document;
  return {
    invoiceId: row.id,
    kind: row.kind,
    number: row.number,
    issuedAt: row.issued_at.toISOString(),
    seller: {
      taxId: d.seller.taxId,
      legalName: d.seller.legalName,
      ...(d.seller.establishment === undefined ? {} : { establishment: d.seller.establishment }),
      ...(d.seller.pointOfSale === undefined ? {} : { pointOfSale: d.seller.pointOfSale }),
    },
    buyer: {
      kind: d.buyer.kind === 'B2C' ? 'B2C' : 'B2B',
      ...(d.buyer.name === undefined ? {} : { name: d.buyer.name }),
      ...(d.buyer.taxId === undefined ? {} : { taxId: d.buyer.taxId }),
      ...(d.buyer.phone === undefined ? {} : { phone: d.buyer.phone }),
      ...(d.buyer.email === undefined ? {} : { email: d.buyer.email }),
    },
    lines: d.lines.map((line, i) => {
      const rateBp = row.totals.lines[i]?.rateBp ?? 0;
      // The connectors take tax-inclusive unit prices; a tax-exclusive document is converted (rounded to the franc).
      const unitPriceXof =
        d.priceMode === 'tax_included'
          ? line.unitPriceXof
          : Math.round((line.unitPriceXof * (10_000 + rateBp)) / 10_000);
      return {
        label: line.label,
        quantity: line.quantityMilli / 1000,
        unitPriceXof,
        taxGroup: line.taxGroup,
        taxRateBp: rateBp,
        discountXof: line.discountXof,
      };
    }),
    totals: { totalXof: row.totals.grossXof, taxXof: row.totals.taxXof, netXof: row.totals.netXof },
    paymentMethod: clearancePayment[d.payments[0]?.method ?? 'cash'] ?? 'cash',
    ...(original === undefined ? {} : { original }),
  };
}

/** Outcomes kept in the invoice's own columns. */
export function invoiceClearanceStore(db: Database, authority: 'fne' | 'emecef'): ClearanceStore {
  return {
    async get(invoiceId) {
      const { rows } = await db.pool.query<{
        clearance_status: string;
        authority_reference: string | null;
        qr_data: string | null;
        certified_at: Date | null;
        clearance_raw: unknown;
        clearance_detail: string | null;
        clearance_uncertain_next: UncertainNext | null;
      }>(
        'SELECT clearance_status, authority_reference, qr_data, certified_at, clearance_raw, clearance_detail, clearance_uncertain_next FROM invoices WHERE id = $1',
        [invoiceId],
      );
      const r = rows[0];
      if (r === undefined) return undefined;
      if (r.clearance_status === 'certified')
        return {
          status: 'certified',
          authorityReference: r.authority_reference ?? '',
          qrData: r.qr_data ?? '',
          certifiedAt: r.certified_at?.toISOString() ?? '',
          raw: r.clearance_raw,
        };
      if (r.clearance_status === 'rejected') {
        const [code, ...message] = (r.clearance_detail ?? 'rejected').split(': ');
        return { status: 'rejected', code: code ?? 'rejected', message: message.join(': ') };
      }
      // Rows from before the column existed may hide a certification: recover first.
      if (r.clearance_status === 'uncertain')
        return { status: 'uncertain', reason: r.clearance_detail ?? '', next: r.clearance_uncertain_next ?? 'recover' };
      return undefined;
    },
    async put(invoiceId, outcome) {
      await writeOutcome(db.pool, invoiceId, authority, outcome);
    },
  };
}

async function writeOutcome(
  db: pg.Pool,
  invoiceId: string,
  authority: string,
  outcome: ClearanceOutcome,
): Promise<void> {
  if (outcome.status === 'certified') {
    // Audited with the change: the certification is a legal fact, and the audit entry is
    // what tells the customer their invoice is now valid (notification feed).
    await withTransaction(db, async (client) => {
      const { rows } = await client.query<{ number: string }>(
        "UPDATE invoices SET clearance_status = 'certified', authority = $2, authority_reference = $3, qr_data = $4, certified_at = $5, clearance_raw = $6, clearance_detail = NULL, clearance_uncertain_next = NULL, clearance_parked_at = NULL WHERE id = $1 AND clearance_status <> 'certified' RETURNING number",
        [
          invoiceId,
          authority,
          outcome.authorityReference.slice(0, 200),
          outcome.qrData.slice(0, 2000),
          outcome.certifiedAt,
          JSON.stringify(outcome.raw ?? null),
        ],
      );
      const certified = rows[0];
      if (certified === undefined) return;
      await appendAudit(client, {
        actor: { label: `authority:${authority}` },
        action: 'invoice.certified',
        subject: { type: 'invoice', id: invoiceId },
        place: 'cloud',
        detail: { number: certified.number, authority, authorityReference: outcome.authorityReference.slice(0, 200) },
      });
    });
  } else if (outcome.status === 'rejected') {
    await db.query(
      "UPDATE invoices SET clearance_status = 'rejected', authority = $2, clearance_detail = $3, clearance_uncertain_next = NULL, clearance_parked_at = NULL WHERE id = $1 AND clearance_status <> 'certified'",
      [invoiceId, authority, `${outcome.code}: ${outcome.message}`.slice(0, 500)],
    );
  } else {
    // Never over a certification (an admin's resolution included): certified is final.
    await db.query(
      "UPDATE invoices SET clearance_status = 'uncertain', authority = $2, clearance_detail = $3, clearance_uncertain_next = $4, clearance_parked_at = CASE WHEN $4 = 'person' THEN now() END WHERE id = $1 AND clearance_status <> 'certified'",
      [invoiceId, authority, outcome.reason.slice(0, 500), outcome.next],
    );
  }
}

export class ClearanceService {
  private readonly stores = new Map<string, ClearanceStore>();

  constructor(
    private readonly db: Database,
    private readonly connectors: ClearanceConnectors,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private store(connector: ClearanceConnector): ClearanceStore {
    let store = this.stores.get(connector.authority);
    if (store === undefined) {
      store = invoiceClearanceStore(this.db, connector.authority);
      this.stores.set(connector.authority, store);
    }
    return store;
  }

  /** Leases the next invoice due, or null. Invoices of countries without a connector are marked not required. */
  private async lease(): Promise<(DueRow & { country: string }) | null> {
    return withTransaction(this.db.pool, async (client) => {
      const { rows } = await client.query<DueRow & { country: string }>(
        `SELECT id, kind, number, issued_at, document, totals, clearance_attempts, original_invoice_id, document->'seller'->>'country' AS country
         FROM invoices
         WHERE status = 'issued' AND clearance_status IN ('not_submitted', 'pending', 'uncertain') AND clearance_next_at <= $1
           AND clearance_parked_at IS NULL AND (clearance_lease_until IS NULL OR clearance_lease_until < $1)
         ORDER BY clearance_next_at, issued_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
        [this.now()],
      );
      const row = rows[0];
      if (row === undefined) return null;
      if (this.connectors[row.country] === undefined) {
        await client.query(
          "UPDATE invoices SET clearance_status = 'not_required', clearance_uncertain_next = NULL WHERE id = $1",
          [row.id],
        );
        return { ...row, country: '' };
      }
      await client.query(
        "UPDATE invoices SET clearance_lease_until = $2, clearance_status = CASE WHEN clearance_status = 'not_submitted' THEN 'pending' ELSE clearance_status END WHERE id = $1",
        [row.id, new Date(this.now().getTime() + leaseSeconds * 1000)],
      );
      return row;
    });
  }

  /** Clears up to `limit` due invoices; returns what happened to each. */
  async tick(limit = 20): Promise<{ invoiceId: string; status: string }[]> {
    const done: { invoiceId: string; status: string }[] = [];
    for (let i = 0; i < limit; i++) {
      const row = await this.lease();
      if (row === null) break;
      if (row.country === '') {
        done.push({ invoiceId: row.id, status: 'not_required' });
        continue;
      }
      const connector = this.connectors[row.country];
      if (connector === undefined) continue;
      let original: { invoiceId: string; authorityReference: string } | undefined;
      if (row.original_invoice_id !== null) {
        const o = await this.db.pool.query<{ authority_reference: string | null; clearance_status: string }>(
          'SELECT authority_reference, clearance_status FROM invoices WHERE id = $1',
          [row.original_invoice_id],
        );
        const ref = o.rows[0];
        if (ref?.clearance_status !== 'certified' || ref.authority_reference === null) {
          // A credit note waits for its original's certification.
          await this.release(row.id, row.clearance_attempts, 'waiting for the original invoice to be certified');
          done.push({ invoiceId: row.id, status: 'waiting' });
          continue;
        }
        original = { invoiceId: row.original_invoice_id, authorityReference: ref.authority_reference };
      }
      const outcome = await certifyOnce(connector, toClearanceInvoice(row, original), this.store(connector)).catch(
        (error: unknown): ClearanceOutcome => ({
          status: 'uncertain',
          reason: error instanceof Error ? error.message : String(error),
          next: 'recover',
        }),
      );
      // Parked ('person') rows are left to the admin queue: the lease query skips them.
      if (outcome.status === 'uncertain' && outcome.next !== 'person')
        await this.release(row.id, row.clearance_attempts + 1, outcome.reason);
      else
        await this.db.pool.query(
          'UPDATE invoices SET clearance_lease_until = NULL, clearance_attempts = clearance_attempts + 1 WHERE id = $1',
          [row.id],
        );
      done.push({ invoiceId: row.id, status: outcome.status });
    }
    return done;
  }

  private async release(invoiceId: string, attempts: number, reason: string): Promise<void> {
    const backoff = Math.min(maxBackoffSeconds, 5 * 2 ** Math.min(attempts, 10));
    await this.db.pool.query(
      'UPDATE invoices SET clearance_lease_until = NULL, clearance_attempts = $2, clearance_next_at = $3, clearance_detail = coalesce(clearance_detail, $4) WHERE id = $1',
      [invoiceId, attempts, new Date(this.now().getTime() + backoff * 1000), reason.slice(0, 500)],
    );
  }
}
