/**
 * Automatic invoices (SPEC 3.7) for what the ledger already recorded: a credit purchase
 * (cash at a counter or mobile money) and a commission payout. They are read from the
 * ledger's committed batches after the fact, like the notification feed, so the money path
 * never waits on invoicing and a crash between the two loses nothing: the ledger operation
 * is durable, and the unique (source, source_ref) makes its invoice exactly once however
 * often a batch is read again.
 *
 * - Credit purchase: the operator sells credits to the wallet's owner. VAT is collected
 *   when credits are spent (the ledger's consume leg), so the purchase carries the
 *   configured tax group, by default the legal exemption, and says why.
 * - Commission payout: a self-billed invoice (auto-facturation) in the beneficiary's name to
 *   the operator, in its own series ("AUTOFACT"). Without the beneficiary's tax ID it is
 *   held for manual correction, never issued incomplete. The tax authority's key is the
 *   operator's, so these are not submitted for clearance by it.
 */
import { centiCreditsToXof, type InvoiceDraft } from '@ismail/shared';
import type { CloudConfig } from '../../config.js';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { creditRateAt } from '../wallet/rates.js';
import { createDraft, issueInvoice, type InvoiceActor } from './invoices.js';
import { sellerIdentity } from './seller-identity.js';

/** The operator's own account (migration 0007): issuer of credit-purchase invoices. */
export const operatorAccountId = '00000000-0000-4000-8000-000000000000';

export interface OperatorIdentity {
  readonly legalName: string;
  readonly taxId: string | undefined;
  readonly taxRegime: string;
  readonly address: string;
  readonly rccm: string | undefined;
  readonly phone?: string | undefined;
  readonly country: string;
}

export interface AutomaticInvoiceOptions {
  readonly operator: OperatorIdentity;
  /** Tax group of a credit purchase (the operator's country's). */
  readonly creditSaleTaxGroup: string;
}

export function automaticInvoiceOptions(config: CloudConfig): AutomaticInvoiceOptions {
  return {
    operator: {
      legalName: config.ISMAIL_OPERATOR_LEGAL_NAME,
      taxId: config.ISMAIL_OPERATOR_TAX_ID,
      taxRegime: config.ISMAIL_OPERATOR_TAX_REGIME,
      address: config.ISMAIL_OPERATOR_ADDRESS,
      rccm: config.ISMAIL_OPERATOR_RCCM,
      phone: config.ISMAIL_OPERATOR_PHONE,
      country: 'CI',
    },
    creditSaleTaxGroup: config.INVOICE_CREDIT_SALE_TAX_GROUP,
  };
}

/** Regimes whose taxpayers charge VAT in Côte d'Ivoire (research 4.1); others do not. */
const vatRegimes = new Set(['RNI', 'RSI']);
/** Ledger batches read per query: bounded memory per step. */
const batchesPerTick = 200;
/** Longer than any ledger transaction takes: a batch this old is committed or never will be. */
const settleMs = 60_000;
const actor: InvoiceActor = { label: 'system:automatic-invoices', place: 'cloud' };

interface SourceRow {
  operation_id: string;
  kind: 'buy_credits_cash' | 'buy_credits_mobile_money' | 'commission_payout';
  created_at: Date;
  facts: { amountXof?: number; provider?: string; hubId?: string; period?: string } | null;
  amount: string;
  owner_id: string;
  display_name: string;
  first_name: string | null;
  last_name: string | null;
  email: string;
  phone_e164: string | null;
  country: string;
  tax_id: string | null;
  tax_regime: string | null;
}

export class AutomaticInvoicer {
  private running = false;

  constructor(
    private readonly db: Database,
    private readonly options: AutomaticInvoiceOptions,
  ) {}

  /** Invoices what the ledger committed since the last tick; returns how many were made. */
  async tick(): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    try {
      let from = await this.cursor();
      // Batch ids are taken when a transaction starts, so a lower id can commit after a
      // higher one. The cursor only passes batches older than the settling time; the recent
      // ones are read again next tick, where the unique source makes that a no-op.
      let settled = from;
      let settling = false;
      let made = 0;
      for (;;) {
        const { rows: batches } = await this.db.pool.query<{ id: string; settled: boolean }>(
          `SELECT id, committed_at < now() - make_interval(secs => $3) AS settled FROM ledger_batches WHERE id > $1 ORDER BY id LIMIT $2`,
          [from, batchesPerTick, settleMs / 1000],
        );
        const lastBatch = batches[batches.length - 1];
        if (lastBatch === undefined) break;
        made += await this.invoiceBatches(from, Number(lastBatch.id));
        for (const batch of batches) {
          if (!batch.settled) settling = true;
          if (!settling) settled = Number(batch.id);
        }
        from = Number(lastBatch.id);
        if (batches.length < batchesPerTick) break;
      }
      await this.db.pool.query('UPDATE invoice_feed_cursors SET position = $2 WHERE feed = $1 AND position < $2', [
        'ledger',
        settled,
      ]);
      return made;
    } finally {
      this.running = false;
    }
  }

  private async invoiceBatches(after: number, last: number): Promise<number> {
    const { rows } = await this.db.pool.query<SourceRow>(
      `SELECT o.id AS operation_id, o.kind, o.created_at, o.facts, t.amount, a.id AS owner_id, a.display_name, a.first_name, a.last_name, a.email, a.phone_e164,
              a.country, a.tax_id, a.tax_regime
       FROM ledger_operations o
       JOIN ledger_transfers t ON t.operation_id = o.id AND t.leg IN ('top_up', 'commission_payout')
       JOIN ledger_accounts c ON c.id = t.credit_account_id
       JOIN accounts a ON a.id = c.owner_account_id
       WHERE o.batch_id > $1 AND o.batch_id <= $2 AND o.kind IN ('buy_credits_cash', 'buy_credits_mobile_money', 'commission_payout')
       ORDER BY t.seq`,
      [after, last],
    );
    let made = 0;
    for (const row of rows) {
      if (await this.invoice(row)) made++;
    }
    return made;
  }

  private async cursor(): Promise<number> {
    await this.db.pool.query(
      "INSERT INTO invoice_feed_cursors (feed, position) VALUES ('ledger', 0) ON CONFLICT DO NOTHING",
    );
    const { rows } = await this.db.pool.query<{ position: string }>(
      "SELECT position FROM invoice_feed_cursors WHERE feed = 'ledger'",
    );
    return Number(rows[0]?.position ?? 0);
  }

  /** One operation's invoice, drafted and issued in one transaction; false if it existed. */
  private async invoice(row: SourceRow): Promise<boolean> {
    const source = row.kind === 'commission_payout' ? 'commission_payout' : 'credit_purchase';
    const rate = await creditRateAt(this.db.pool, row.country, row.created_at);
    const amountXof = row.facts?.amountXof ?? centiCreditsToXof(Number(row.amount), rate);
    const issuerAccountId = source === 'credit_purchase' ? operatorAccountId : row.owner_id;
    const document =
      source === 'credit_purchase'
        ? this.creditPurchase(row, amountXof)
        : this.commissionPayout(row, amountXof, await sellerIdentity(this.db.pool, row.owner_id, 'person'));
    return withTransaction(this.db.pool, async (client) => {
      const existing = await client.query('SELECT 1 FROM invoices WHERE source = $1 AND source_ref = $2', [
        source,
        row.operation_id,
      ]);
      if (existing.rowCount !== 0) return false;
      const draft = await createDraft(client, {
        issuerAccountId,
        register: source === 'credit_purchase' ? 'cloud' : 'autofact',
        document,
        createdBy: actor.label,
        source,
        sourceRef: row.operation_id,
        recipientAccountId: row.owner_id,
      });
      const issued = await issueInvoice(client, draft.id, actor);
      if (source === 'commission_payout' && issued.status === 'issued') {
        await client.query(
          "UPDATE invoices SET clearance_status = 'not_required', clearance_detail = 'self-billed: not submitted under the operator key' WHERE id = $1",
          [issued.id],
        );
      }
      return true;
    });
  }

  private operatorAsSeller(): InvoiceDraft['seller'] {
    const o = this.options.operator;
    return {
      legalName: o.legalName,
      taxId: o.taxId ?? '',
      taxRegime: o.taxRegime,
      address: o.address,
      country: o.country,
      ...(o.rccm === undefined ? {} : { rccm: o.rccm }),
      ...(o.phone === undefined ? {} : { phone: o.phone }),
    };
  }

  private creditPurchase(row: SourceRow, amountXof: number): InvoiceDraft {
    const credits = Number(row.amount) / 100;
    const label = `Crédits ISMAIL : ${credits.toLocaleString('fr-FR').replace(/\s/gu, ' ')} crédits (TVA perçue à l'utilisation)`;
    return {
      kind: 'invoice',
      currency: 'XOF',
      priceMode: 'tax_included',
      seller: this.operatorAsSeller(),
      buyer: {
        kind: 'B2C',
        name: personName(row),
        email: row.email,
        ...(row.phone_e164 === null ? {} : { phone: row.phone_e164 }),
      },
      lines: [
        {
          sku: 'CREDITS',
          label: label.slice(0, 300),
          quantityMilli: 1000,
          unitPriceXof: amountXof,
          taxGroup: this.options.creditSaleTaxGroup,
          discountXof: 0,
        },
      ],
      payments: [{ method: row.kind === 'buy_credits_cash' ? 'cash' : 'mobile_money', amountXof }],
    };
  }

  private commissionPayout(row: SourceRow, amountXof: number, seller: InvoiceDraft['seller']): InvoiceDraft {
    const o = this.options.operator;
    const vatLiable = row.tax_regime !== null && vatRegimes.has(row.tax_regime) && row.country === 'CI';
    const period = row.facts?.period ?? row.created_at.toISOString().slice(0, 7);
    return {
      kind: 'invoice',
      currency: 'XOF',
      priceMode: 'tax_included',
      // The beneficiary bills ISMAIL: its identity as its account holds it (seller-identity.ts).
      seller,
      buyer: {
        kind: 'B2B',
        name: o.legalName,
        ...(o.taxId === undefined ? {} : { taxId: o.taxId }),
        address: o.address,
      },
      lines: [
        {
          sku: 'COMMISSION',
          label: `Commissions de vente ISMAIL, période ${period} (autofacturation)`,
          quantityMilli: 1000,
          unitPriceXof: amountXof,
          taxGroup: vatLiable ? 'CI-TVA-18' : `${row.country}-EXO-LEG`,
          discountXof: 0,
        },
      ],
      payments: [{ method: 'wallet', amountXof }],
    };
  }
}

function personName(row: SourceRow): string {
  const full = [row.first_name, row.last_name].filter((p) => p !== null).join(' ');
  return (full.length > 0 ? full : row.display_name).slice(0, 200);
}
