/**
 * Counter sales pushed by hubs (`shop.sale`): the invoice the hub numbered and the stock moves
 * in one transaction; paid from a wallet, that transaction is the payment's ledger operation,
 * verified as a claim (hubs/wallet-claims.ts), which also opens the debt file when the payment
 * overdrew the wallet. Consecutive cash sales share one transaction, written set-based (hub-sale-run.ts).
 */
import type pg from 'pg';
import {
  AppError,
  type JSONWebKeySet,
  type HubOperation,
  type OperationOutcome,
  type ShopSalePayload,
} from '@ismail/shared';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import {
  hubWriteContext,
  outcomeOf,
  refusal,
  type Applied,
  type HubOperationHandler,
  type OutcomeRecorder,
  type TypedOperation,
} from '../hubs/operation-registry.js';
import type { HubRecord } from '../hubs/registry.js';
import {
  cardNotAccepted,
  isUnverifiableWalletPayment,
  recordWalletClaim,
  verifyWalletClaim,
} from '../hubs/wallet-claims.js';
import { checkHubDocument, recordHubDocument } from '../invoicing/hub-documents.js';
import type { WalletOperations } from '../wallet/operations.js';
import { openOverdraftFile } from '../wallet/overdraft-files.js';
import { recordingApply, type RecordInTransaction } from '../hubs/recording-apply.js';
import type { OperationResult } from '../wallet/ledger-types.js';
import { applyCashSaleRun } from './hub-sale-run.js';
import type { ShopService } from './shop.js';

type Sale = TypedOperation<'shop.sale'>;

/** Cash sales per transaction: bounds its locks, its statements' arrays and its size. */
const cashSaleRunMax = 500;

export interface HubSaleDeps {
  readonly db: Database;
  readonly ops: WalletOperations;
  readonly shop: ShopService;
  /**
   * The cloud's card keys (JWKS) for a credential (its kid may reload them): a wallet payment's credential must verify
   * against them; none: wallet sales are refused.
   */
  readonly cardKeys?: (token: string) => Promise<JSONWebKeySet>;
  readonly now?: () => Date;
}

export function hubSaleOperations(deps: HubSaleDeps): HubOperationHandler<'shop.sale'> {
  const now = deps.now ?? (() => new Date());

  const walletSale = async (
    hub: HubRecord,
    op: HubOperation,
    sale: ShopSalePayload,
    record?: RecordInTransaction,
  ): Promise<Record<string, unknown>> => {
    const payment = sale.payment;
    if (payment.method === 'cash') throw new Error('a cash sale is not a wallet sale');
    if (deps.cardKeys === undefined) throw cardNotAccepted();
    const place = `hub:${hub.id}`;
    const sourceRef = `${place}:${sale.saleId}`;
    // Validated and totalled once: the claim is bounded by this total, the invoice recorded with it.
    const checked = checkHubDocument(sale.invoice);
    // The payer is the holder of the verified credential, never a bare ISMAIL ID.
    const claim = await verifyWalletClaim(
      deps.db,
      await deps.cardKeys(payment.credential),
      hub,
      op,
      { payment, grossXof: checked.totals.grossXof },
      now(),
    );
    const payer = claim.payerId;
    let written: Record<string, unknown> = {};
    const outcome = await deps.ops.hubWalletPayment(
      hubWriteContext(hub, op),
      { payerId: payer, partnerId: hub.partnerId, amountCentiCredits: payment.amountCentiCredits },
      async (client: pg.PoolClient, result) => {
        await recordWalletClaim(client, hub, op, claim);
        const stock = await deps.shop.recordHubSale(client, hub.partnerId, {
          hubPlace: place,
          saleId: sale.saleId,
          items: sale.items,
        });
        const invoice = await recordHubDocument(client, {
          issuerAccountId: hub.partnerId,
          register: hub.register,
          hubId: hub.id,
          checked,
          source: 'hub_sale',
          sourceRef,
          recipientAccountId: payer,
        });
        // What this wallet paid for the sale: the bound of its refunds.
        await client.query(
          "INSERT INTO hub_sale_payments (invoice_id, method, payer_account_id, paid_centi_credits) VALUES ($1, 'wallet', $2, $3) ON CONFLICT DO NOTHING",
          [invoice.id, payer, payment.amountCentiCredits],
        );
        const debtFileId = await openOverdraftFile(client, result, {
          debtorAccountId: payer,
          source: 'hub_sale',
          sourceRef,
          detail: {
            hubId: hub.id,
            saleId: sale.saleId,
            cardId: claim.cardId,
            authorisation: payment.authorisation,
            availableAtHubCentiCredits: payment.availableCentiCredits,
          },
        });
        written = { invoiceNumber: invoice.number, debtFileId, ...stock };
        // The outcome with the payment: a crash leaves both or neither.
        await record?.(client, walletSaleAnswer(result, written));
      },
    );
    return walletSaleAnswer(outcome.result, written);
  };

  /**
   * A run of consecutive cash sales in one transaction, set-based (hub-sale-run.ts): the run's checks in the hub's
   * order, its writes a statement per table, its outcomes in one INSERT; a refused sale is left out alone, in its
   * place. When part of the run is already recorded (a replay whose outcomes were lost), each sale goes under its
   * own savepoint instead: stock moves, invoice and outcome, a refused one rolled back alone. Effects are idempotent
   * (invoice by number, stock by sale and line), so a crash before the commit replays them harmlessly.
   */
  const applyRun = (
    hub: HubRecord,
    run: readonly Sale[],
    recorder: OutcomeRecorder,
  ): Promise<Map<HubOperation, OperationOutcome>> =>
    withTransaction(deps.db.pool, async (client) => {
      const set = await applyCashSaleRun(
        client,
        hub,
        run.map((op) => op.payload),
      );
      if (set !== null)
        return recorder.recordManyIn(
          client,
          hub,
          run.map((op, i) => ({ op, applied: set[i] ?? refusal(new AppError('CONFLICT', 'not applied')) })),
        );
      const results = new Map<HubOperation, OperationOutcome>();
      for (const op of run) {
        await client.query('SAVEPOINT hub_sale');
        let applied: Applied;
        let recorded: boolean;
        try {
          applied = { status: 'applied', result: await recordCashSale(deps.shop, client, hub, op.payload) };
          recorded = await recorder.recordIn(client, hub, op, applied);
          // Another push recorded this sale first: what it recorded stands, this sale's writes go.
          if (!recorded) await client.query('ROLLBACK TO SAVEPOINT hub_sale');
          await client.query('RELEASE SAVEPOINT hub_sale');
        } catch (error) {
          await client.query('ROLLBACK TO SAVEPOINT hub_sale');
          if (!(error instanceof AppError) || error.code === 'DATABASE_UNAVAILABLE') throw error;
          applied = refusal(error);
          recorded = await recorder.recordIn(client, hub, op, applied);
        }
        results.set(op, outcomeOf(op, applied, recorded));
      }
      return results;
    });

  return {
    type: 'shop.sale',
    describes: 'a shop sale',
    runKey: (op) => (op.payload.payment.method === 'cash' ? 'cash_sale' : null),
    runMax: cashSaleRunMax,
    apply: (hub, op) =>
      op.payload.payment.method === 'cash' ? cashSaleAlone(deps, hub, op.payload) : walletSale(hub, op, op.payload),
    applyRun,
    applyRecorded: recordingApply((hub, op, record) =>
      op.payload.payment.method === 'cash'
        ? cashSaleAlone(deps, hub, op.payload, record)
        : walletSale(hub, op, op.payload, record),
    ),
    // A wallet payment without the credential the hub verified names its payer on its word alone.
    invalidRefusal: (payload) => (isUnverifiableWalletPayment(payload) ? cardNotAccepted() : null),
  };
}

/** What a wallet sale answers the hub: its ledger operation, the overdraft it took, and what it wrote. */
function walletSaleAnswer(result: OperationResult, written: Record<string, unknown>): Record<string, unknown> {
  const overdraft = result.transfers
    .filter((t) => t.leg === 'overdraft')
    .reduce((sum, t) => sum + t.amountCentiCredits, 0);
  return { operationId: result.operationId, overdraftCentiCredits: overdraft, ...written };
}

/** A cash sale alone in its own transaction; with `record`, its outcome is written there too. */
function cashSaleAlone(
  deps: HubSaleDeps,
  hub: HubRecord,
  sale: ShopSalePayload,
  record?: RecordInTransaction,
): Promise<Record<string, unknown>> {
  return withTransaction(deps.db.pool, async (client) => {
    const result = await recordCashSale(deps.shop, client, hub, sale);
    await record?.(client, result);
    return result;
  });
}

/** A cash sale: its stock moves and its invoice, recorded as issued (money changed hands at the counter). */
async function recordCashSale(
  shop: ShopService,
  client: pg.PoolClient,
  hub: HubRecord,
  sale: ShopSalePayload,
): Promise<Record<string, unknown>> {
  const place = `hub:${hub.id}`;
  const checked = checkHubDocument(sale.invoice);
  const stock = await shop.recordHubSale(client, hub.partnerId, {
    hubPlace: place,
    saleId: sale.saleId,
    items: sale.items,
  });
  const invoice = await recordHubDocument(client, {
    issuerAccountId: hub.partnerId,
    register: hub.register,
    hubId: hub.id,
    checked,
    source: 'hub_sale',
    sourceRef: `${place}:${sale.saleId}`,
  });
  return { invoiceNumber: invoice.number, ...stock };
}
