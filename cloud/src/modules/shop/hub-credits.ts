/**
 * Credit notes pushed by hubs (`shop.sale_credit`): stock back, money back the way it was
 * paid, within what is left of the sale.
 */
import type pg from 'pg';
import {
  AppError,
  computeTotals,
  creditNoteDraft,
  CreditNoteError,
  percentOf,
  type HubOperation,
  type InvoiceDraft,
  type InvoiceTotals,
  type ShopSaleCreditPayload,
} from '@ismail/shared';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { hubWriteContext, type HubOperationHandler } from '../hubs/operation-registry.js';
import type { HubRecord } from '../hubs/registry.js';
import { checkHubDocument, recordHubDocument } from '../invoicing/hub-documents.js';
import type { WalletOperations } from '../wallet/operations.js';
import { openOverdraftFile } from '../wallet/overdraft-files.js';
import { moduleRateAt } from '../wallet/rates.js';
import { recordingApply, type RecordInTransaction } from '../hubs/recording-apply.js';
import type { ShopService } from './shop.js';

export function hubCreditOperations(deps: {
  db: Database;
  ops: WalletOperations;
  shop: ShopService;
  now?: () => Date;
}): HubOperationHandler<'shop.sale_credit'> {
  const now = deps.now ?? (() => new Date());
  /**
   * A credit note on a hub sale: stock back, money back the way it was paid (a wallet refund is
   * a fact too), within what is left of the sale. The credited lines are priced from the
   * original invoice (never the hub's figures), each line's credited quantity and the wallet's
   * refunded total are raised by guarded updates in the credit's own transaction: a second
   * credit of a spent line, or a refund above that wallet's payment, rolls back.
   */
  const applyCredit = async (
    hub: HubRecord,
    op: HubOperation,
    credit: ShopSaleCreditPayload,
    record?: RecordInTransaction,
  ): Promise<Record<string, unknown>> => {
    const place = `hub:${hub.id}`;
    const { original, worth, checked, creditedLines, items } = await checkCreditFitsSale(deps.db, hub, credit);
    const noteRef = `${place}:${credit.creditNote.number}`;
    const write = async (client: pg.PoolClient): Promise<string | null> => {
      // Replayed after a crash: the note is there and its lines were counted with it.
      const earlier = await client.query(
        'SELECT 1 FROM invoices WHERE issuer_account_id = $1 AND source = $2 AND source_ref = $3',
        [hub.partnerId, 'hub_credit', noteRef],
      );
      if (earlier.rowCount === 0) await creditLines(client, original.id, creditedLines);
      const note = await recordHubDocument(client, {
        issuerAccountId: hub.partnerId,
        register: hub.register,
        hubId: hub.id,
        checked,
        source: 'hub_credit',
        sourceRef: noteRef,
        originalInvoiceId: original.id,
        ...(original.recipient_account_id === null ? {} : { recipientAccountId: original.recipient_account_id }),
      });
      await deps.shop.restockHubReturn(client, hub.partnerId, {
        hubPlace: place,
        reference: credit.creditNote.number,
        items,
      });
      return note.number;
    };
    if (credit.refund.method === 'cash')
      return withTransaction(deps.db.pool, async (client) => {
        const result = { creditNoteNumber: await write(client) };
        await record?.(client, result);
        return result;
      });
    const refund = credit.refund.amountCentiCredits;
    const paid = await deps.db.pool.query<{ payer_account_id: string; paid_centi_credits: string }>(
      "SELECT payer_account_id, paid_centi_credits FROM hub_sale_payments WHERE invoice_id = $1 AND method = 'wallet'",
      [original.id],
    );
    const payment = paid.rows[0];
    if (payment === undefined)
      throw new AppError('CREDIT_EXCEEDS_SALE', 'This sale was not paid from a wallet: nothing goes back to one.');
    // These lines' share of what the wallet paid (rounded up, as the hub computes it).
    const paidCentiCredits = Number(payment.paid_centi_credits);
    const originalGross = Math.max(1, original.totals.grossXof);
    if (refund > Math.min(paidCentiCredits, Math.ceil((worth * paidCentiCredits) / originalGross)))
      throw new AppError('CREDIT_EXCEEDS_SALE', 'This refund is above what the wallet paid for these lines.');
    // The platform gives back its commission on what is refunded, at today's shop rate.
    const rate = await moduleRateAt(deps.db.pool, 'shop', now());
    let number: string | null = null;
    const outcome = await deps.ops.refundSale(
      hubWriteContext(hub, op),
      {
        clientId: payment.payer_account_id,
        partnerId: hub.partnerId,
        module: 'shop',
        refundCentiCredits: refund,
        commissionRefundCentiCredits: percentOf(refund, rate.rateBp),
        asFact: true,
      },
      async (client, result) => {
        const refunded = await client
          .query(
            "UPDATE hub_sale_payments SET refunded_centi_credits = refunded_centi_credits + $2 WHERE invoice_id = $1 AND method = 'wallet'",
            [original.id, refund],
          )
          .catch((error: unknown) => {
            throw boundViolation(error, 'This refund is above what is left of the wallet’s payment for this sale.');
          });
        if (refunded.rowCount !== 1) throw new AppError('CREDIT_EXCEEDS_SALE');
        number = await write(client);
        await openOverdraftFile(client, result, {
          debtorAccountId: hub.partnerId,
          source: 'hub_credit',
          sourceRef: noteRef,
          detail: { hubId: hub.id, saleId: credit.saleId },
        });
        // The outcome with the refund: a crash leaves both or neither (a replay would find the lines credited).
        await record?.(client, { creditNoteNumber: number, operationId: result.operationId });
      },
    );
    return { creditNoteNumber: number, operationId: outcome.result.operationId };
  };

  return {
    type: 'shop.sale_credit',
    describes: 'a credit note',
    apply: (hub, op) => applyCredit(hub, op, op.payload),
    applyRecorded: recordingApply((hub, op, record) => applyCredit(hub, op, op.payload, record)),
  };
}

/** A bound's CHECK constraint violated (SQLSTATE 23514): the credit asks for more than is left. */
function boundViolation(error: unknown, message: string): unknown {
  return (error as { code?: unknown }).code === '23514' ? new AppError('CREDIT_EXCEEDS_SALE', message) : error;
}

interface OriginalSale {
  id: string;
  number: string;
  recipient_account_id: string | null;
  document: InvoiceDraft;
  totals: InvoiceTotals;
}

/**
 * The hub's claim checked against the cloud's own invoice of the sale: the credited lines are priced from the
 * original (never the hub's figures), the note may not be worth more than them, nor restock more than they credit.
 */
async function checkCreditFitsSale(db: Database, hub: HubRecord, credit: ShopSaleCreditPayload) {
  const place = `hub:${hub.id}`;
  const { rows } = await db.pool.query<OriginalSale>(
    "SELECT id, number, recipient_account_id, document, totals FROM invoices WHERE issuer_account_id = $1 AND source = 'hub_sale' AND source_ref = $2 AND kind = 'invoice'",
    [hub.partnerId, `${place}:${credit.saleId}`],
  );
  const original = rows[0];
  if (original === undefined) throw new AppError('NOT_FOUND', `no invoice of sale ${credit.saleId} from this hub`);
  const creditedLines = credit.creditNote.document.original?.lines;
  if (credit.creditNote.document.kind !== 'credit_note' || creditedLines === undefined)
    throw new AppError('VALIDATION_FAILED', 'a credit note names the lines it credits');
  // What these lines are worth on the original invoice; the note may not say more.
  let worth: number;
  try {
    worth = computeTotals(
      creditNoteDraft({ invoiceId: original.id, number: original.number, draft: original.document }, creditedLines),
    ).grossXof;
  } catch (error) {
    if (error instanceof CreditNoteError)
      throw new AppError('CREDIT_EXCEEDS_SALE', `This credit note does not fit its sale: ${error.message}.`);
    throw error;
  }
  // The note validated and totalled once: its total here, the same when it is recorded.
  const checked = checkHubDocument(credit.creditNote);
  if (checked.totals.grossXof > worth)
    throw new AppError('CREDIT_EXCEEDS_SALE', 'This credit note is priced above the lines it credits.');
  const creditedMilli = new Map(creditedLines.map((l) => [l.index, l.quantityMilli]));
  for (const r of credit.restock) {
    if (r.quantity * 1000 > (creditedMilli.get(r.index) ?? 0))
      throw new AppError('CREDIT_EXCEEDS_SALE', `More units back to stock than line ${String(r.index)} credits.`);
  }
  const items = credit.restock
    .map((r) => ({ productId: original.document.lines[r.index]?.sku ?? '', quantity: r.quantity }))
    .filter((i) => i.productId !== '' && i.quantity > 0);
  return { original, worth, checked, creditedLines, items };
}

/** Raises each credited line's count within what was sold (rows made from the invoice on first use). */
async function creditLines(
  client: pg.PoolClient,
  invoiceId: string,
  lines: readonly { index: number; quantityMilli: number }[],
): Promise<void> {
  await client.query(
    `INSERT INTO hub_sale_credit_lines (invoice_id, line_index, sold_milli, credited_milli)
     SELECT i.id, (l.ordinality - 1)::int, (l.value ->> 'quantityMilli')::bigint, 0
     FROM invoices i CROSS JOIN LATERAL jsonb_array_elements(i.document -> 'lines') WITH ORDINALITY l WHERE i.id = $1
     ON CONFLICT DO NOTHING`,
    [invoiceId],
  );
  const updated = await client
    .query(
      'UPDATE hub_sale_credit_lines t SET credited_milli = t.credited_milli + u.q FROM unnest($2::int[], $3::bigint[]) AS u(i, q) WHERE t.invoice_id = $1 AND t.line_index = u.i',
      [invoiceId, lines.map((l) => l.index), lines.map((l) => l.quantityMilli)],
    )
    .catch((error: unknown) => {
      throw boundViolation(error, 'These lines were already credited (or not as many are left).');
    });
  if (updated.rowCount !== lines.length)
    throw new AppError('CREDIT_EXCEEDS_SALE', 'This credit note names a line its sale does not have.');
}
