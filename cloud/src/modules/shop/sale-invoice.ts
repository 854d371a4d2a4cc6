/**
 * The invoice of a module sale (SPEC 3.7: "completed order, validated booking") and the
 * credit note of its refund, written inside the ledger operation that moves the money, so
 * an order or booking is invoiced exactly when it is paid. The seller is the partner (its
 * identity from its account, seller-identity.ts; without a tax ID the invoice is held), the
 * buyer the client, the payment the wallet.
 */
import type pg from 'pg';
import { computeTotals, type InvoiceDraft } from '@ismail/shared';
import { createDraft, creditInvoice, issueInvoice, type InvoiceRecord } from '../invoicing/invoices.js';
import { sellerIdentity } from '../invoicing/seller-identity.js';

export interface SaleLine {
  readonly label: string;
  readonly quantityMilli: number;
  readonly unitPriceXof: number;
  readonly taxGroup: string;
}

const actor = { label: 'system:commerce', place: 'cloud' };

interface Party {
  display_name: string;
  first_name: string | null;
  last_name: string | null;
  email: string;
  country: string;
  tax_id: string | null;
  tax_regime: string | null;
}

async function party(client: pg.PoolClient, id: string): Promise<Party> {
  const { rows } = await client.query<Party>(
    'SELECT display_name, first_name, last_name, email, country, tax_id, tax_regime FROM accounts WHERE id = $1',
    [id],
  );
  const row = rows[0];
  if (row === undefined) throw new Error(`account ${id} vanished`);
  return row;
}

const nameOf = (p: Party): string =>
  ([p.first_name, p.last_name].filter((x) => x !== null).join(' ') || p.display_name).slice(0, 200);

export async function issueSaleInvoice(
  client: pg.PoolClient,
  input: {
    partnerId: string;
    buyerId: string;
    lines: readonly SaleLine[];
    source: 'order' | 'booking' | 'service';
    sourceRef: string;
  },
): Promise<InvoiceRecord> {
  const seller = await sellerIdentity(client, input.partnerId);
  const buyer = await party(client, input.buyerId);
  const lines = input.lines.map((l) => ({
    label: l.label.slice(0, 300),
    quantityMilli: l.quantityMilli,
    unitPriceXof: l.unitPriceXof,
    taxGroup: l.taxGroup,
    discountXof: 0,
  }));
  const totalXof = computeTotals({ lines, priceMode: 'tax_included' }).grossXof;
  const document: InvoiceDraft = {
    kind: 'invoice',
    currency: 'XOF',
    priceMode: 'tax_included',
    seller,
    buyer: { kind: 'B2C', name: nameOf(buyer), email: buyer.email },
    lines,
    payments: [{ method: 'wallet', amountXof: totalXof }],
  };
  const draft = await createDraft(client, {
    issuerAccountId: input.partnerId,
    register: 'cloud',
    document,
    createdBy: actor.label,
    source: input.source,
    sourceRef: input.sourceRef,
    recipientAccountId: input.buyerId,
  });
  return issueInvoice(client, draft.id, actor);
}

/** A credit note taking back `quantityMilli` of each line of an issued sale invoice ('all' for everything). */
export async function creditSale(
  client: pg.PoolClient,
  invoiceId: string,
  lines: readonly { index: number; quantityMilli: number }[] | 'all',
): Promise<InvoiceRecord> {
  return creditInvoice(client, invoiceId, lines, actor);
}
