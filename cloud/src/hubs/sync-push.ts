/**
 * Applying a hub's pushed operations (SPEC 3.8): exactly once, and in the hub's own order.
 *
 * - Exactly once: each operation's effect is idempotent on its own (the ledger keys it by the
 *   operation id in the hub's scope; a hub sale moves stock once per line), and its outcome
 *   is recorded under (hub, operation id). Pushed again, it is answered "duplicate" with the
 *   first result; a crash between the effect and the record replays the effect harmlessly.
 * - In order: operation n + 1 is applied only after n. A gap stops the batch ("not applied",
 *   with the sequence the cloud expects); the hub sends again from there.
 * - A business refusal (an unknown account, a product of another partner) is recorded as
 *   "rejected" with its reason, for staff to see, and the sequence moves on: one bad
 *   operation never blocks a counter's day. Anything else (the database down) fails the
 *   push, and the hub retries later.
 * - Money operations are claims, not orders (issue 20.1): a wallet payment is verified
 *   (`wallet-claims.ts`: credential, card status as the hub could know it, online answer or
 *   offline ceilings), a credit note is bounded by what is left of its sale, and cash top-ups
 *   by the hub's signed daily cash ceiling, each bound enforced in the money's transaction.
 */
import { createHash } from 'node:crypto';
import canonicalizeModule from 'canonicalize';
import { Value } from '@sinclair/typebox/value';
import { AppError, CashTopUpPayloadSchema, computeTotals, creditNoteDraft, CreditNoteError, type InvoiceDraft, type JSONWebKeySet, DeviceAlarmPayloadSchema, DeviceReportPayloadSchema, StockScanPayloadSchema, ZReportSchema, percentOf, ShopSaleCreditPayloadSchema, ShopSalePayloadSchema, type HubOperation, type OperationOutcome, type PushResponse, type ShopSaleCreditPayload, type ShopSalePayload, type ZReport, type CashTopUpPayload } from '@ismail/shared';
import { appendAudit } from '../audit/audit-log.js';
import type { Webhooks } from '../webhooks/webhooks.js';
import type pg from 'pg';
import { openOverdraftFile } from '../debt/debt-files.js';
import { recordHubDocument } from '../invoicing/hub-documents.js';
import { moduleRateAt } from '../wallet/rates.js';
import type { ShopService } from '../commerce/shop.js';
import type { Database } from '../db/database.js';
import { withTransaction } from '../db/transaction.js';
import type { WalletOperations } from '../wallet/operations.js';
import type { HubRecord } from './registry.js';
import { cardNotAccepted, hubMoneyTime, isUnverifiableWalletPayment, recordCashTopUp, recordWalletClaim, verifyWalletClaim } from './wallet-claims.js';

const canonicalize = canonicalizeModule as unknown as (input: unknown) => string | undefined;
const contentHash = (op: HubOperation): string => createHash('sha256').update(canonicalize({ seq: op.seq, type: op.type, at: op.at, payload: op.payload }) ?? '').digest('hex');

type Applied = { status: 'applied'; result: unknown } | { status: 'rejected'; reason: string };

/** Cash sales per transaction: bounds its locks and its size. */
const cashSaleRunMax = 100;

export class HubSync {
  /** One push at a time per hub in this process (the database settles races between processes). */
  private readonly running = new Map<string, Promise<unknown>>();

  constructor(
    private readonly db: Database,
    private readonly ops: WalletOperations,
    private readonly shop: ShopService,
    private readonly now: () => Date = () => new Date(),
    /** Partners' webhooks for device events, queued with the event (none in benchmarks). */
    private readonly webhooks?: Webhooks,
    /** The cloud's card keys (JWKS): a wallet payment's credential must verify against them. */
    private readonly cardKeys?: () => Promise<JSONWebKeySet>,
  ) {}

  async push(hub: HubRecord, operations: readonly HubOperation[], hubClock?: Date): Promise<PushResponse> {
    const previous = this.running.get(hub.id) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(() => this.pushNow(hub, operations, hubClock));
    this.running.set(hub.id, run);
    try {
      return await run;
    } finally {
      if (this.running.get(hub.id) === run) this.running.delete(hub.id);
    }
  }

  private async pushNow(hub: HubRecord, operations: readonly HubOperation[], hubClock?: Date): Promise<PushResponse> {
    const sorted = [...operations].sort((a, b) => a.seq - b.seq);
    const outcomes = new Map<string, OperationOutcome>();
    // A push cut after recording outcomes but before moving the sequence left it behind: move it first.
    await this.catchUp(hub.id);
    let expected = (await this.lastApplied(hub.id)) + 1;
    let blocked = false;
    // What this hub already sent, in one query for the whole batch.
    const { rows: seenRows } = await this.db.pool.query<{ op_id: string; seq: string; content_hash: string; status: 'applied' | 'rejected'; reason: string | null; result: unknown }>(
      'SELECT op_id, seq, content_hash, status, reason, result FROM hub_operations WHERE hub_id = $1 AND op_id = ANY($2::uuid[])',
      [hub.id, sorted.map((op) => op.id)],
    );
    const seen = new Map(seenRows.map((r) => [r.op_id, r]));
    // Consecutive cash top-ups go to the ledger together (one group commit, their outcomes in
    // it); consecutive cash sales share one transaction (a savepoint each, outcomes inside).
    let run: HubOperation[] = [];
    let runKind: 'top_up' | 'cash_sale' = 'top_up';
    const flush = async (): Promise<void> => {
      if (run.length === 0) return;
      const pending = run;
      run = [];
      const applied = runKind === 'top_up' ? await this.applyTopUps(hub, pending) : await this.applyCashSales(hub, pending);
      for (const [op, outcome] of applied) outcomes.set(op.id, outcome);
      await this.catchUp(hub.id);
    };
    for (const op of sorted) {
      if (blocked) {
        outcomes.set(op.id, { id: op.id, seq: op.seq, status: 'not_applied', reason: `waiting for operation ${String(expected)}` });
        continue;
      }
      const earlier = seen.get(op.id);
      if (earlier !== undefined) {
        if (earlier.content_hash !== contentHash(op) || Number(earlier.seq) !== op.seq) {
          outcomes.set(op.id, { id: op.id, seq: op.seq, status: 'rejected', reason: 'CONFLICT: this operation id was already used for another operation' });
        } else {
          outcomes.set(op.id, { id: op.id, seq: op.seq, status: 'duplicate', ...(earlier.reason === null ? {} : { reason: earlier.reason }), ...(earlier.result === null ? {} : { result: earlier.result }) });
        }
        continue;
      }
      if (op.seq < expected) {
        outcomes.set(op.id, { id: op.id, seq: op.seq, status: 'rejected', reason: `CONFLICT: sequence ${String(op.seq)} already holds another operation` });
        continue;
      }
      if (op.seq > expected) {
        blocked = true;
        outcomes.set(op.id, { id: op.id, seq: op.seq, status: 'not_applied', reason: `waiting for operation ${String(expected)}` });
        continue;
      }
      expected = op.seq + 1;
      const kind = op.type === 'wallet.cash_top_up' && Value.Check(CashTopUpPayloadSchema, op.payload) ? 'top_up' : op.type === 'shop.sale' && Value.Check(ShopSalePayloadSchema, op.payload) && op.payload.payment.method === 'cash' ? 'cash_sale' : null;
      if (kind !== null) {
        if (kind !== runKind || (kind === 'cash_sale' && run.length >= cashSaleRunMax)) await flush();
        runKind = kind;
        run.push(op);
        continue;
      }
      await flush();
      outcomes.set(op.id, await this.record(hub, op, await this.apply(hub, op)));
    }
    await flush();
    await this.catchUp(hub.id);
    const serverTime = this.now();
    const skewMs = hubClock === undefined ? null : Math.max(-2_000_000_000, Math.min(2_000_000_000, hubClock.getTime() - serverTime.getTime()));
    await this.db.pool.query('UPDATE hubs SET last_seen_at = $2, last_clock_skew_ms = coalesce($3, last_clock_skew_ms) WHERE id = $1', [hub.id, serverTime, skewMs]);
    return { outcomes: sorted.map((op) => outcomes.get(op.id) ?? { id: op.id, seq: op.seq, status: 'not_applied' }), expectedSeq: (await this.lastApplied(hub.id)) + 1, serverTime: serverTime.toISOString() };
  }

  /** Records an operation's outcome (exactly once per hub and id) and moves the hub's sequence on. */
  private async record(hub: HubRecord, op: HubOperation, applied: Applied): Promise<OperationOutcome> {
    const recorded = await withTransaction(this.db.pool, (client) => this.recordIn(client, hub, op, applied));
    // Another cloud process recorded it first: its effect and ours were the same one.
    if (!recorded) return { id: op.id, seq: op.seq, status: 'duplicate' };
    return { id: op.id, seq: op.seq, status: applied.status, ...(applied.status === 'applied' ? { result: applied.result } : { reason: applied.reason }) };
  }

  private async recordIn(client: pg.PoolClient, hub: HubRecord, op: HubOperation, applied: Applied): Promise<boolean> {
    const inserted = await client.query(
      `INSERT INTO hub_operations (hub_id, op_id, seq, type, content_hash, status, reason, result, hub_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`,
      [hub.id, op.id, op.seq, op.type, contentHash(op), applied.status, applied.status === 'rejected' ? applied.reason.slice(0, 500) : null, applied.status === 'applied' ? JSON.stringify(applied.result ?? null) : null, op.at],
    );
    if (inserted.rowCount !== 1) return false;
    await client.query('UPDATE hubs SET last_applied_seq = $2 WHERE id = $1 AND last_applied_seq = $2 - 1', [hub.id, op.seq]);
    return true;
  }

  /**
   * A run of consecutive cash top-ups: the commands are prepared together (reads only), then
   * submitted strictly in order without waiting for each, so the ledger's queue keeps their
   * order and commits them in few transactions (group commit); their outcomes are then
   * recorded in one transaction. A crash between the two replays the effects harmlessly on the
   * next push (the ledger keys each by the operation id) and records them then.
   */
  private async applyTopUps(hub: HubRecord, run: readonly HubOperation[]): Promise<Map<HubOperation, OperationOutcome>> {
    const prepared = await Promise.all(
      run.map(async (op) => {
        const payload = op.payload as CashTopUpPayload;
        // A card scanned at the counter names the client by ISMAIL ID; an unknown one is refused in its place.
        const account = 'accountId' in payload ? Promise.resolve(payload.accountId) : this.accountByIsmailId(payload.ismailId);
        const prepare = async (accountId: string) => {
          const { at } = await hubMoneyTime(this.db, hub, op, this.now(), false);
          // The drawer's day, raised within the signed cash ceiling in the top-up's own transaction.
          return this.ops.prepareCashTopUp(this.ctx(hub, op), { accountId, hubId: hub.id, amountXof: payload.amountXof }, (client) => recordCashTopUp(client, hub, at, payload.amountXof, hub.cashTopUpPerDayXof));
        };
        return account.then(prepare).then(
          (command) => ({ ok: true as const, command }),
          (error: unknown) => ({ ok: false as const, error }),
        );
      }),
    );
    // Every outcome is caught as it settles: none goes unhandled while another is awaited.
    const settled = await Promise.all(
      prepared.map((ready) =>
        ready.ok
          ? this.ops.submitPrepared(ready.command).then(
              (value) => ({ ok: true as const, value }),
              (error: unknown) => ({ ok: false as const, error }),
            )
          : Promise.resolve(ready),
      ),
    );
    const outcomes: { op: HubOperation; applied: Applied }[] = [];
    let failure: Error | undefined;
    for (const [i, op] of run.entries()) {
      const outcome = settled[i];
      if (outcome === undefined) break;
      if (outcome.ok) {
        outcomes.push({ op, applied: { status: 'applied', result: { operationId: outcome.value.result.operationId, centiCredits: outcome.value.result.transfers[0]?.amountCentiCredits ?? 0 } } });
      } else if (outcome.error instanceof AppError && outcome.error.code !== 'DATABASE_UNAVAILABLE') {
        outcomes.push({ op, applied: { status: 'rejected', reason: `${outcome.error.code}: ${outcome.error.message}`.slice(0, 500) } });
      } else {
        // What came before is recorded; the push fails and the hub sends the rest again.
        failure = outcome.error instanceof Error ? outcome.error : new Error('the ledger failed', { cause: outcome.error });
        break;
      }
    }
    const results = await this.recordMany(hub, outcomes);
    if (failure !== undefined) throw failure;
    return results;
  }

  /**
   * A run of consecutive cash sales in one transaction: each sale's stock moves, invoice and
   * outcome under its own savepoint, so a refused sale (a gap in its numbers, another
   * partner's product) is rolled back alone and recorded as refused, in its place, and the
   * run commits once. Effects are idempotent (invoice by number, stock by sale and line), so a
   * crash before the commit replays them harmlessly.
   */
  private async applyCashSales(hub: HubRecord, run: readonly HubOperation[]): Promise<Map<HubOperation, OperationOutcome>> {
    const place = `hub:${hub.id}`;
    return withTransaction(this.db.pool, async (client) => {
      const results = new Map<HubOperation, OperationOutcome>();
      for (const op of run) {
        const sale = op.payload as ShopSalePayload;
        await client.query('SAVEPOINT hub_sale');
        let applied: Applied;
        try {
          const stock = await this.shop.recordHubSale(client, hub.partnerId, { hubPlace: place, saleId: sale.saleId, items: sale.items });
          const invoice = await recordHubDocument(client, { issuerAccountId: hub.partnerId, register: hub.register, hubId: hub.id, issued: sale.invoice, source: 'hub_sale', sourceRef: `${place}:${sale.saleId}` });
          applied = { status: 'applied', result: { invoiceNumber: invoice.number, ...stock } };
          await client.query('RELEASE SAVEPOINT hub_sale');
        } catch (error) {
          await client.query('ROLLBACK TO SAVEPOINT hub_sale');
          if (!(error instanceof AppError) || error.code === 'DATABASE_UNAVAILABLE') throw error;
          applied = { status: 'rejected', reason: `${error.code}: ${error.message}`.slice(0, 500) };
        }
        const recorded = await this.recordIn(client, hub, op, applied);
        results.set(op, recorded ? { id: op.id, seq: op.seq, status: applied.status, ...(applied.status === 'applied' ? { result: applied.result } : { reason: applied.reason }) } : { id: op.id, seq: op.seq, status: 'duplicate' });
      }
      return results;
    });
  }

  /** Outcomes of consecutive operations in one transaction; those another process recorded first are duplicates. */
  private async recordMany(hub: HubRecord, items: readonly { op: HubOperation; applied: Applied }[]): Promise<Map<HubOperation, OperationOutcome>> {
    const results = new Map<HubOperation, OperationOutcome>();
    if (items.length === 0) return results;
    const { rows } = await this.db.pool.query<{ op_id: string }>(
      `INSERT INTO hub_operations (hub_id, op_id, seq, type, content_hash, status, reason, result, hub_at)
       SELECT $1, u.op_id, u.seq, u.type, u.content_hash, u.status, u.reason, u.result::jsonb, u.hub_at
       FROM unnest($2::uuid[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::timestamptz[]) AS u(op_id, seq, type, content_hash, status, reason, result, hub_at)
       ON CONFLICT DO NOTHING RETURNING op_id`,
      [
        hub.id,
        items.map((i) => i.op.id),
        items.map((i) => i.op.seq),
        items.map((i) => i.op.type),
        items.map((i) => contentHash(i.op)),
        items.map((i) => i.applied.status),
        items.map((i) => (i.applied.status === 'rejected' ? i.applied.reason.slice(0, 500) : null)),
        items.map((i) => (i.applied.status === 'applied' ? JSON.stringify(i.applied.result ?? null) : null)),
        items.map((i) => i.op.at),
      ],
    );
    const inserted = new Set(rows.map((r) => r.op_id));
    for (const { op, applied } of items) {
      results.set(op, inserted.has(op.id) ? { id: op.id, seq: op.seq, status: applied.status, ...(applied.status === 'applied' ? { result: applied.result } : { reason: applied.reason }) } : { id: op.id, seq: op.seq, status: 'duplicate' });
    }
    return results;
  }

  /** Moves the hub's sequence over outcomes recorded ahead of it (a pipelined run whose middle was recorded late). */
  private async catchUp(hubId: string): Promise<void> {
    const last = await this.lastApplied(hubId);
    const { rows } = await this.db.pool.query<{ seq: string }>('SELECT seq FROM hub_operations WHERE hub_id = $1 AND seq > $2 ORDER BY seq LIMIT 100000', [hubId, last]);
    let top = last;
    for (const row of rows) {
      if (Number(row.seq) !== top + 1) break;
      top++;
    }
    if (top > last) await this.db.pool.query('UPDATE hubs SET last_applied_seq = $3 WHERE id = $1 AND last_applied_seq = $2', [hubId, last, top]);
  }

  private async lastApplied(hubId: string): Promise<number> {
    const { rows } = await this.db.pool.query<{ last_applied_seq: string }>('SELECT last_applied_seq FROM hubs WHERE id = $1', [hubId]);
    return Number(rows[0]?.last_applied_seq ?? 0);
  }

  private ctx(hub: HubRecord, op: HubOperation) {
    return { actor: { label: `hub:${hub.id}` }, scope: `hub:${hub.id}`, idempotencyKey: op.id };
  }

  /**
   * A counter sale: its invoice (numbered by the hub) and its stock moves in one transaction;
   * paid from a wallet, that transaction is the payment's ledger operation, which also opens
   * the debt file when the payment overdrew the wallet.
   */
  private async applySale(hub: HubRecord, op: HubOperation, sale: ShopSalePayload): Promise<Record<string, unknown>> {
    const place = `hub:${hub.id}`;
    const sourceRef = `${place}:${sale.saleId}`;
    const payment = sale.payment;
    if (payment.method === 'cash') {
      return withTransaction(this.db.pool, async (client) => {
        const stock = await this.shop.recordHubSale(client, hub.partnerId, { hubPlace: place, saleId: sale.saleId, items: sale.items });
        const invoice = await recordHubDocument(client, { issuerAccountId: hub.partnerId, register: hub.register, hubId: hub.id, issued: sale.invoice, source: 'hub_sale', sourceRef });
        return { invoiceNumber: invoice.number, ...stock };
      });
    }
    if (this.cardKeys === undefined) throw cardNotAccepted();
    // The payer is the holder of the verified credential, never a bare ISMAIL ID.
    const claim = await verifyWalletClaim(this.db, await this.cardKeys(), hub, op, { ...sale, payment }, this.now());
    const payer = claim.payerId;
    let written: Record<string, unknown> = {};
    const outcome = await this.ops.hubWalletPayment(this.ctx(hub, op), { payerId: payer, partnerId: hub.partnerId, amountCentiCredits: payment.amountCentiCredits }, async (client: pg.PoolClient, result) => {
      await recordWalletClaim(client, hub, op, claim);
      const stock = await this.shop.recordHubSale(client, hub.partnerId, { hubPlace: place, saleId: sale.saleId, items: sale.items });
      const invoice = await recordHubDocument(client, { issuerAccountId: hub.partnerId, register: hub.register, hubId: hub.id, issued: sale.invoice, source: 'hub_sale', sourceRef, recipientAccountId: payer });
      // What this wallet paid for the sale: the bound of its refunds.
      await client.query("INSERT INTO hub_sale_payments (invoice_id, method, payer_account_id, paid_centi_credits) VALUES ($1, 'wallet', $2, $3) ON CONFLICT DO NOTHING", [invoice.id, payer, payment.amountCentiCredits]);
      const debtFileId = await openOverdraftFile(client, result, {
        debtorAccountId: payer,
        source: 'hub_sale',
        sourceRef,
        detail: { hubId: hub.id, saleId: sale.saleId, cardId: claim.cardId, authorisation: payment.authorisation, availableAtHubCentiCredits: payment.availableCentiCredits },
      });
      written = { invoiceNumber: invoice.number, debtFileId, ...stock };
    });
    const overdraft = outcome.result.transfers.filter((t) => t.leg === 'overdraft').reduce((sum, t) => sum + t.amountCentiCredits, 0);
    return { operationId: outcome.result.operationId, overdraftCentiCredits: overdraft, ...written };
  }

  /**
   * A credit note on a hub sale: stock back, money back the way it was paid (a wallet refund is
   * a fact too), within what is left of the sale. The credited lines are priced from the
   * original invoice (never the hub's figures), each line's credited quantity and the wallet's
   * refunded total are raised by guarded updates in the credit's own transaction: a second
   * credit of a spent line, or a refund above that wallet's payment, rolls back.
   */
  private async applyCredit(hub: HubRecord, op: HubOperation, credit: ShopSaleCreditPayload): Promise<Record<string, unknown>> {
    const place = `hub:${hub.id}`;
    const { rows } = await this.db.pool.query<{ id: string; number: string; recipient_account_id: string | null; document: InvoiceDraft }>(
      "SELECT id, number, recipient_account_id, document FROM invoices WHERE issuer_account_id = $1 AND source = 'hub_sale' AND source_ref = $2 AND kind = 'invoice'",
      [hub.partnerId, `${place}:${credit.saleId}`],
    );
    const original = rows[0];
    if (original === undefined) throw new AppError('NOT_FOUND', `no invoice of sale ${credit.saleId} from this hub`);
    const creditedLines = credit.creditNote.document.original?.lines;
    if (credit.creditNote.document.kind !== 'credit_note' || creditedLines === undefined) throw new AppError('VALIDATION_FAILED', 'a credit note names the lines it credits');
    // What these lines are worth on the original invoice; the note may not say more.
    let worth: number;
    try {
      worth = computeTotals(creditNoteDraft({ invoiceId: original.id, number: original.number, draft: original.document }, creditedLines)).grossXof;
    } catch (error) {
      if (error instanceof CreditNoteError) throw new AppError('CREDIT_EXCEEDS_SALE', `This credit note does not fit its sale: ${error.message}.`);
      throw error;
    }
    if (computeTotals(credit.creditNote.document).grossXof > worth) throw new AppError('CREDIT_EXCEEDS_SALE', 'This credit note is priced above the lines it credits.');
    const creditedMilli = new Map(creditedLines.map((l) => [l.index, l.quantityMilli]));
    for (const r of credit.restock) {
      if (r.quantity * 1000 > (creditedMilli.get(r.index) ?? 0)) throw new AppError('CREDIT_EXCEEDS_SALE', `More units back to stock than line ${String(r.index)} credits.`);
    }
    const items = credit.restock.map((r) => ({ productId: original.document.lines[r.index]?.sku ?? '', quantity: r.quantity })).filter((i) => i.productId !== '' && i.quantity > 0);
    const noteRef = `${place}:${credit.creditNote.number}`;
    const write = async (client: pg.PoolClient): Promise<string | null> => {
      // Replayed after a crash: the note is there and its lines were counted with it.
      const earlier = await client.query('SELECT 1 FROM invoices WHERE issuer_account_id = $1 AND source = $2 AND source_ref = $3', [hub.partnerId, 'hub_credit', noteRef]);
      if (earlier.rowCount === 0) await this.creditLines(client, original.id, creditedLines);
      const note = await recordHubDocument(client, {
        issuerAccountId: hub.partnerId,
        register: hub.register,
        hubId: hub.id,
        issued: credit.creditNote,
        source: 'hub_credit',
        sourceRef: noteRef,
        originalInvoiceId: original.id,
        ...(original.recipient_account_id === null ? {} : { recipientAccountId: original.recipient_account_id }),
      });
      await this.shop.restockHubReturn(client, hub.partnerId, { hubPlace: place, reference: credit.creditNote.number, items });
      return note.number;
    };
    if (credit.refund.method === 'cash') return { creditNoteNumber: await withTransaction(this.db.pool, write) };
    const refund = credit.refund.amountCentiCredits;
    const paid = await this.db.pool.query<{ payer_account_id: string; paid_centi_credits: string }>("SELECT payer_account_id, paid_centi_credits FROM hub_sale_payments WHERE invoice_id = $1 AND method = 'wallet'", [original.id]);
    const payment = paid.rows[0];
    if (payment === undefined) throw new AppError('CREDIT_EXCEEDS_SALE', 'This sale was not paid from a wallet: nothing goes back to one.');
    // These lines' share of what the wallet paid (rounded up, as the hub computes it).
    const paidCentiCredits = Number(payment.paid_centi_credits);
    const originalGross = Math.max(1, computeTotals(original.document).grossXof);
    if (refund > Math.min(paidCentiCredits, Math.ceil((worth * paidCentiCredits) / originalGross))) throw new AppError('CREDIT_EXCEEDS_SALE', 'This refund is above what the wallet paid for these lines.');
    // The platform gives back its commission on what is refunded, at today's shop rate.
    const rate = await moduleRateAt(this.db.pool, 'shop', this.now());
    let number: string | null = null;
    const outcome = await this.ops.refundSale(
      this.ctx(hub, op),
      { clientId: payment.payer_account_id, partnerId: hub.partnerId, module: 'shop', refundCentiCredits: refund, commissionRefundCentiCredits: percentOf(refund, rate.rateBp), asFact: true },
      async (client, result) => {
        const refunded = await client
          .query("UPDATE hub_sale_payments SET refunded_centi_credits = refunded_centi_credits + $2 WHERE invoice_id = $1 AND method = 'wallet'", [original.id, refund])
          .catch((error: unknown) => {
            throw boundViolation(error, 'This refund is above what is left of the wallet’s payment for this sale.');
          });
        if (refunded.rowCount !== 1) throw new AppError('CREDIT_EXCEEDS_SALE');
        number = await write(client);
        await openOverdraftFile(client, result, { debtorAccountId: hub.partnerId, source: 'hub_credit', sourceRef: noteRef, detail: { hubId: hub.id, saleId: credit.saleId } });
      },
    );
    return { creditNoteNumber: number, operationId: outcome.result.operationId };
  }

  /** Raises each credited line's count within what was sold (rows made from the invoice on first use). */
  private async creditLines(client: pg.PoolClient, invoiceId: string, lines: readonly { index: number; quantityMilli: number }[]): Promise<void> {
    await client.query(
      `INSERT INTO hub_sale_credit_lines (invoice_id, line_index, sold_milli, credited_milli)
       SELECT i.id, (l.ordinality - 1)::int, (l.value ->> 'quantityMilli')::bigint, 0
       FROM invoices i CROSS JOIN LATERAL jsonb_array_elements(i.document -> 'lines') WITH ORDINALITY l WHERE i.id = $1
       ON CONFLICT DO NOTHING`,
      [invoiceId],
    );
    const updated = await client
      .query('UPDATE hub_sale_credit_lines t SET credited_milli = t.credited_milli + u.q FROM unnest($2::int[], $3::bigint[]) AS u(i, q) WHERE t.invoice_id = $1 AND t.line_index = u.i', [invoiceId, lines.map((l) => l.index), lines.map((l) => l.quantityMilli)])
      .catch((error: unknown) => {
        throw boundViolation(error, 'These lines were already credited (or not as many are left).');
      });
    if (updated.rowCount !== lines.length) throw new AppError('CREDIT_EXCEEDS_SALE', 'This credit note names a line its sale does not have.');
  }

  /** A closed cash session's Z report, filed once; the count and any difference are audited. */
  private async fileZReport(hub: HubRecord, report: ZReport): Promise<Record<string, unknown>> {
    return withTransaction(this.db.pool, async (client) => {
      const { rowCount } = await client.query(
        `INSERT INTO hub_cash_sessions (hub_id, session_id, number, partner_id, opened_at, closed_at, expected_cash_xof, counted_xof, difference_xof, report)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING`,
        [hub.id, report.sessionId, report.number, hub.partnerId, report.openedAt, report.closedAt, report.expectedCashXof, report.countedXof, report.differenceXof, JSON.stringify(report)],
      );
      if (rowCount === 1) {
        await appendAudit(client, {
          // The hub vouches for who closed; the account id stays in the detail (the hub's word, not a session here).
          actor: { label: `hub:${hub.id}` },
          action: 'hub.cash_session_closed',
          subject: { type: 'hub', id: hub.id },
          place: `hub:${hub.id}`,
          detail: { number: report.number, closedBy: report.closedBy, expectedCashXof: report.expectedCashXof, countedXof: report.countedXof, differenceXof: report.differenceXof },
        });
      }
      return { sessionNumber: report.number, differenceXof: report.differenceXof };
    });
  }

  /** The holder of an ISMAIL ID scanned at the counter; an unknown one is refused without saying so. */
  private async accountByIsmailId(ismailId: string): Promise<string> {
    const { rows } = await this.db.pool.query<{ id: string }>("SELECT id FROM accounts WHERE ismail_id = $1 AND status <> 'closed'", [ismailId]);
    const id = rows[0]?.id;
    if (id === undefined) throw cardNotAccepted();
    return id;
  }

  private async apply(hub: HubRecord, op: HubOperation): Promise<Applied> {
    try {
      switch (op.type) {
        case 'wallet.cash_top_up': {
          // Valid top-ups go through `applyTopUps` (with their ceiling); only malformed ones reach here.
          return { status: 'rejected', reason: 'VALIDATION_FAILED: payload is not a cash top-up' };
        }
        case 'shop.sale': {
          // A wallet payment without the credential the hub verified names its payer on its word alone.
          if (isUnverifiableWalletPayment(op.payload)) return { status: 'rejected', reason: `CARD_NOT_ACCEPTED: ${cardNotAccepted().message}` };
          if (!Value.Check(ShopSalePayloadSchema, op.payload)) return { status: 'rejected', reason: 'VALIDATION_FAILED: payload is not a shop sale' };
          return { status: 'applied', result: await this.applySale(hub, op, op.payload) };
        }
        case 'shop.sale_credit': {
          if (!Value.Check(ShopSaleCreditPayloadSchema, op.payload)) return { status: 'rejected', reason: 'VALIDATION_FAILED: payload is not a credit note' };
          return { status: 'applied', result: await this.applyCredit(hub, op, op.payload) };
        }
        case 'shop.stock_scan': {
          if (!Value.Check(StockScanPayloadSchema, op.payload)) return { status: 'rejected', reason: 'VALIDATION_FAILED: payload is not a stock scan' };
          const scan = op.payload;
          const moved = await withTransaction(this.db.pool, async (client) => {
            const result = await this.shop.recordRfidScan(client, hub.partnerId, { hubPlace: `hub:${hub.id}`, reference: `${scan.deviceId}:${scan.scanId}`, productId: scan.productId, delta: scan.delta });
            if (result.applied) await this.webhooks?.enqueue(client, hub.partnerId, { id: `rfid:${hub.id}:${scan.deviceId}:${scan.scanId}`, type: 'device.rfid_scan', data: { hubId: hub.id, ...scan, quantityAfter: result.quantity } });
            return result;
          });
          return { status: 'applied', result: moved };
        }
        case 'iot.alarm': {
          if (!Value.Check(DeviceAlarmPayloadSchema, op.payload)) return { status: 'rejected', reason: 'VALIDATION_FAILED: payload is not a device alarm' };
          const alarm = op.payload;
          // Recorded in the audit log; the notification feeder tells the establishment's manager from there (SMS, push, in-app).
          await withTransaction(this.db.pool, async (client) => {
            await appendAudit(client, { actor: { label: `hub:${hub.id}` }, action: 'device.alarm', subject: { type: 'hub', id: hub.id }, place: `hub:${hub.id}`, detail: { deviceId: alarm.deviceId, deviceName: alarm.deviceName, kind: alarm.kind, at: alarm.at, ...(alarm.message === undefined ? {} : { message: alarm.message }) } });
            await this.webhooks?.enqueue(client, hub.partnerId, { id: `alarm:${hub.id}:${op.id}`, type: 'device.alarm', data: { hubId: hub.id, ...alarm } });
          });
          return { status: 'applied', result: { notified: true } };
        }
        case 'iot.device': {
          if (!Value.Check(DeviceReportPayloadSchema, op.payload)) return { status: 'rejected', reason: 'VALIDATION_FAILED: payload is not a device report' };
          const d = op.payload;
          await withTransaction(this.db.pool, async (client) => {
            const { rowCount } = await client.query(
            `INSERT INTO hub_devices (hub_id, device_id, partner_id, type, name, unit_id, state, cert_serial, cert_expires_at, last_seen_at, reported_seq)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
             ON CONFLICT (hub_id, device_id) DO UPDATE SET type = excluded.type, name = excluded.name, unit_id = excluded.unit_id, state = excluded.state, cert_serial = excluded.cert_serial,
               cert_expires_at = excluded.cert_expires_at, last_seen_at = excluded.last_seen_at, reported_seq = excluded.reported_seq, updated_at = now()
             WHERE hub_devices.reported_seq < excluded.reported_seq`,
            [hub.id, d.deviceId, hub.partnerId, d.type, d.name, d.unitId, d.state, d.certSerial, d.certExpiresAt, d.lastSeenAt, op.seq],
            );
            if (rowCount === 1) await this.webhooks?.enqueue(client, hub.partnerId, { id: `state:${hub.id}:${op.id}`, type: 'device.state', data: { hubId: hub.id, deviceId: d.deviceId, type: d.type, name: d.name, state: d.state } });
          });
          return { status: 'applied', result: { state: d.state } };
        }
        case 'cash.session_closed': {
          if (!Value.Check(ZReportSchema, op.payload)) return { status: 'rejected', reason: 'VALIDATION_FAILED: payload is not a Z report' };
          return { status: 'applied', result: await this.fileZReport(hub, op.payload) };
        }
      }
    } catch (error) {
      if (error instanceof AppError && error.code !== 'DATABASE_UNAVAILABLE') return { status: 'rejected', reason: `${error.code}: ${error.message}`.slice(0, 500) };
      throw error;
    }
  }
}

/** A bound's CHECK constraint violated (SQLSTATE 23514): the credit asks for more than is left. */
function boundViolation(error: unknown, message: string): unknown {
  return (error as { code?: unknown }).code === '23514' ? new AppError('CREDIT_EXCEEDS_SALE', message) : error;
}
