/**
 * Counter sales and their invoices, with the cloud reachable or not (SPEC 3.7, 3.8).
 *
 * A sale is priced from the synced catalog, invoiced under the hub's own register (numbers
 * F-<register>-<year>-<n>, gapless: taken inside the sale's SQLite transaction, so a crash
 * returns the number with everything else), and written with its outbox entry in one
 * transaction before anything is shown as done. A sale made on a paired terminal (issue 28) is
 * numbered in that terminal's own series (<register>-T<n>), and takes its units off the hub's
 * counted shelf stock in the same IMMEDIATE transaction (lan/shelf-stock.ts). The seller
 * identity comes from the cloud's signed policy; without a policy the hub cannot invoice and
 * says so.
 *
 * Wallet payments: the client's card (or dynamic QR) is verified with the hub's cached keys
 * and revocation list; the balance is asked of the cloud with a short timeout, and when the
 * cloud does not answer the last synced balance is used, minus this hub's debits the cloud
 * has not reflected yet, under the policy's per-transaction and per-wallet-per-day ceilings.
 * Once taken, a debit is a fact: the cloud records an overdraft if the wallet no longer holds it.
 *
 * Credit notes take back lines of a sale at its prices (the shared credit-note rules): goods
 * return to stock and the money goes back the way it came.
 */
import { createHash, randomUUID } from 'node:crypto';
import {
  AppError,
  computeTotals,
  creditNoteDraft,
  CreditNoteError,
  displayText,
  invoiceContentHash,
  invoiceNumber,
  terminalRegister,
  validateDraft,
  walletChargeCentiCredits,
  invoiceLayout,
  hubDay,
  offlineRevocationListMaxAgeS,
  type HubIssuedDocument,
  type LayoutBlock,
  type HubPayment,
  type HubPolicy,
  type InvoiceDraft,
  type InvoiceTotals,
  type HubClearanceStatus,
  type HubIssuedInvoice,
  type HubSaleOutcome,
  type HubSaleRequest,
  type HubWalletView,
} from '@ismail/shared';
import type { CardTrust } from '../cards/card-trust.js';
import type { CashDesk } from '../cash/cash-desk.js';
import type { HubPrincipal } from '../http/hub-auth.js';
import type { PrintJob, PrintQueue } from '../printing/print-queue.js';
import type { HubDatabase } from '../store/open.js';
import type { CredentialStore } from '../sync/credentials.js';
import type { Outbox } from '../sync/outbox.js';
import type { PolicyStore } from '../sync/policy-store.js';
import { terminalOfPrincipal } from '../lan/request-terminal.js';
import { putBackOnShelf, takeFromShelf } from '../lan/shelf-stock.js';

/** The register of an invoice number (F-<register>-<year>-<n>; a terminal's register has a dash). */
const registerOf = (number: string): string => /^(?:F|AV)-(.+)-\d{4}-\d+$/.exec(number)?.[1] ?? '';

/** The shapes the sales routes answer with, declared once in shared/src/hub-api/sales. */
export type SaleRequest = HubSaleRequest;
export type IssuedInvoice = HubIssuedInvoice;
export type SaleOutcome = HubSaleOutcome;
export type WalletView = HubWalletView;

/** How long the counter waits for the cloud's balance before using the last synced one. */
const onlineBalanceTimeoutMs = 1_500;

/**
 * How long a look-up (the card checked, the cloud's balance answer) is kept for the sale that
 * follows: well inside the cloud's window for its balance check and the policy's lifetime.
 */
export const presentationTtlMs = 120_000;
/** Look-ups kept at once; past this the oldest go (a scanner loop must not grow memory). */
const presentationsMax = 1_000;

interface InvoiceRow {
  id: string;
  kind: 'invoice' | 'credit_note';
  number: string;
  sequence: number;
  issued_at: string;
  document: string;
  sale_id: string;
  outbox_seq: number;
  status: string;
  /** JSON; null for rows written before hub migration 0025. */
  totals: string | null;
  content_hash: string | null;
  clearance_status: HubClearanceStatus | null;
  authority_reference: string | null;
}

interface PrintedRow {
  content_hash: string | null;
  clearance_status: HubClearanceStatus | null;
  authority: string | null;
  authority_reference: string | null;
  qr_data: string | null;
  certified_at: string | null;
}

/** An invoice with its outbox state and, once the cloud's feed has it, its clearance. */
const invoiceSelect =
  'SELECT i.*, o.status, c.clearance_status, c.authority_reference FROM hub_invoices i JOIN outbox o ON o.seq = i.outbox_seq LEFT JOIN invoice_clearances c ON c.number = i.number';

const mutableTotals = (totals: InvoiceTotals): HubIssuedInvoice['totals'] => ({
  ...totals,
  lines: [...totals.lines],
  groups: [...totals.groups],
});

// CommonJS module whose types declare an ES default export.

interface Holder {
  readonly ismailId: string;
  readonly cardId: string;
  readonly name: string;
  readonly credential: string;
  readonly revocationListIat: number | null;
  /** A dynamic code (the app's QR): single use, spent by the sale that pays with it. */
  readonly dynamic: boolean;
}

/**
 * A card shown at the look-up, kept for the sale: who, against which list, and the cloud's balance check (null: it did
 * not answer).
 */
interface Presentation {
  readonly holder: Holder;
  readonly checkId: string | null;
  readonly fetchedAtMs: number;
}

/** The cloud's balance answer for this sale: its id authorises one online payment, up to it. */
interface BalanceAnswer {
  readonly checkId: string;
}

export class SalesDesk {
  /** In memory: a restart forgets them, and the card is scanned again (CARD_PRESENTATION_EXPIRED). */
  private readonly presentations = new Map<string, Presentation>();

  constructor(
    private readonly db: HubDatabase,
    private readonly outbox: Outbox,
    private readonly policies: PolicyStore,
    private readonly trust: CardTrust,
    private readonly credentials: CredentialStore,
    private readonly cash: CashDesk,
    private readonly fetchTimeoutMs = onlineBalanceTimeoutMs,
  ) {}

  private async policy(): Promise<HubPolicy> {
    const policy = await this.policies.current();
    if (policy === null)
      throw new AppError(
        'CONFLICT',
        'This hub has no valid policy from the cloud yet: it must reach the cloud once after pairing before it can invoice.',
      );
    return policy;
  }

  /**
   * The client's card, verified here (online or not): their ISMAIL ID, card id and name, the
   * credential itself and the revocation list it was checked against (a wallet payment carries
   * both: the cloud verifies the one and judges the card as of the other).
   */
  private async holder(token: string, spend: boolean): Promise<Holder> {
    const check = await this.trust.verify(token, Date.now(), { spend });
    // The refusal's stable reason travels in the details, so the counter can say why (revoked, expired…) in its own
    // words.
    if (!check.ok)
      throw new AppError('CARD_REFUSED', `Card refused: ${check.reason}.`, [{ path: 'card', problem: check.reason }]);
    return {
      ismailId: check.claims.sub,
      cardId: check.claims.cid,
      name: `${check.claims.gn} ${check.claims.fn}`,
      credential: token.trim(),
      revocationListIat: check.revocationListIat,
      dynamic: check.claims.typ === 'dyn',
    };
  }

  private keep(presentation: Presentation): { presentationId: string; presentationExpiresAt: string } {
    const nowMs = Date.now();
    for (const [id, kept] of this.presentations)
      if (nowMs - kept.fetchedAtMs >= presentationTtlMs) this.presentations.delete(id);
    // Oldest first (a Map keeps insertion order).
    for (const id of this.presentations.keys()) {
      if (this.presentations.size < presentationsMax) break;
      this.presentations.delete(id);
    }
    const presentationId = randomUUID();
    this.presentations.set(presentationId, presentation);
    return {
      presentationId,
      presentationExpiresAt: new Date(presentation.fetchedAtMs + presentationTtlMs).toISOString(),
    };
  }

  /**
   * Takes a look-up for one sale: removed at once, so two sales sent together cannot both pay
   * with it (the cloud's balance check authorises one payment). The sale puts it back if it fails.
   */
  private take(presentationId: string): Presentation {
    const presentation = this.presentations.get(presentationId);
    this.presentations.delete(presentationId);
    if (presentation === undefined || Date.now() - presentation.fetchedAtMs >= presentationTtlMs) {
      throw new AppError(
        'CARD_PRESENTATION_EXPIRED',
        'La carte a été présentée il y a trop longtemps (ou avant un redémarrage du guichet) : scannez-la à nouveau.',
      );
    }
    return presentation;
  }

  /**
   * Asks the cloud for the balance (short timeout); keeps it as the last synced balance. Null when the cloud does not
   * answer.
   */
  private async refreshBalance(ismailId: string, cardId: string, credential: string): Promise<BalanceAnswer | null> {
    const credentials = this.credentials.load();
    if (credentials === null) return null;
    try {
      // Signed by the hub; the scanned card's credential proves to the cloud it is at this counter.
      const response = await this.credentials.cloud.request('/v1/hubs/wallet-balance', {
        method: 'POST',
        headers: { 'x-card-credential': credential },
        body: JSON.stringify({ ismailId, cardId }),
        signal: AbortSignal.timeout(this.fetchTimeoutMs),
      });
      // The card is not in force at the cloud (replaced, or not this client's): a card refusal, not a missing route.
      if (response.status === 404)
        throw new AppError('CARD_NOT_ACCEPTED', 'The cloud knows no card in force with this id for this client.');
      if (!response.ok) return null;
      const body = (await response.json()) as { accountId: string; availableCentiCredits: number; checkId?: string };
      this.db
        .prepare(
          `INSERT INTO wallet_snapshots (ismail_id, account_id, available_centi_credits, fetched_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (ismail_id) DO UPDATE SET account_id = excluded.account_id, available_centi_credits = excluded.available_centi_credits, fetched_at = excluded.fetched_at`,
        )
        .run(ismailId, body.accountId, body.availableCentiCredits, new Date().toISOString());
      // An answer without its id (an older cloud) cannot authorise online: the sale is then judged offline.
      return typeof body.checkId === 'string' ? { checkId: body.checkId } : null;
    } catch (error) {
      if (error instanceof AppError) throw error;
      return null;
    }
  }

  /**
   * Balance minus this hub's debits the snapshot does not reflect: those not yet answered by
   * the cloud, and those the cloud applied after the snapshot was taken. Null: never synced.
   */
  private available(ismailId: string): { availableCentiCredits: number; balanceAt: string } | null {
    const snapshot = this.db
      .prepare<[string], { available_centi_credits: number; fetched_at: string }>(
        'SELECT available_centi_credits, fetched_at FROM wallet_snapshots WHERE ismail_id = ?',
      )
      .get(ismailId);
    if (snapshot === undefined) return null;
    const pending =
      this.db
        .prepare<[string, string], { s: number | null }>(
          `SELECT sum(c.amount_centi_credits) AS s FROM wallet_charges c JOIN outbox o ON o.seq = c.outbox_seq
           WHERE c.ismail_id = ? AND (o.status = 'pending' OR (o.status IN ('applied', 'duplicate') AND o.synced_at > ?))`,
        )
        .get(ismailId, snapshot.fetched_at)?.s ?? 0;
    return { availableCentiCredits: snapshot.available_centi_credits - pending, balanceAt: snapshot.fetched_at };
  }

  private spentOfflineToday(ismailId: string, day: string): number {
    return (
      this.db
        .prepare<[string, string], { s: number | null }>(
          "SELECT sum(amount_centi_credits) AS s FROM wallet_charges WHERE ismail_id = ? AND day = ? AND authorisation = 'offline'",
        )
        .get(ismailId, day)?.s ?? 0
    );
  }

  /** All wallets this hub debited offline on `day` (UTC): the hub's own daily ceiling. */
  private hubSpentOffline(day: string): number {
    return (
      this.db
        .prepare<[string], { s: number | null }>(
          "SELECT sum(amount_centi_credits) AS s FROM wallet_charges WHERE day = ? AND authorisation = 'offline'",
        )
        .get(day)?.s ?? 0
    );
  }

  /** What a client's wallet allows at this counter now (the sell screen shows it). */
  async wallet(token: string): Promise<WalletView> {
    // Showing the balance is not paying: a dynamic code's single use is left to the sale.
    const holder = await this.holder(token, false);
    const fetchedAtMs = Date.now();
    const answer = await this.refreshBalance(holder.ismailId, holder.cardId, token);
    const online = answer !== null;
    const policy = await this.policies.current();
    const known = this.available(holder.ismailId);
    if (known === null)
      throw new AppError(
        'CONFLICT',
        'This wallet’s balance is not known here and the cloud cannot be reached: take cash, or sell credits first.',
      );
    // Kept for the sale that follows: it pays with this check and this answer, without asking again.
    return {
      ...this.keep({ holder, checkId: answer?.checkId ?? null, fetchedAtMs }),
      ismailId: holder.ismailId,
      name: holder.name,
      source: online ? 'cloud' : 'last_sync',
      balanceAt: known.balanceAt,
      availableCentiCredits: known.availableCentiCredits,
      offlineCeilings: policy?.offline ?? null,
      spentOfflineTodayCentiCredits: this.spentOfflineToday(holder.ismailId, hubDay(this.outbox.clock.now())),
    };
  }

  private nextNumber(
    register: string,
    kind: 'invoice' | 'credit_note',
    at: Date,
  ): { series: string; sequence: number; number: string } {
    const year = at.getUTCFullYear();
    const series = `${register}:${String(year)}:${kind}`;
    this.db
      .prepare('INSERT INTO invoice_series (series, last_number) VALUES (?, 0) ON CONFLICT (series) DO NOTHING')
      .run(series);
    const row = this.db
      .prepare<[string], { last_number: number }>(
        'UPDATE invoice_series SET last_number = last_number + 1 WHERE series = ? RETURNING last_number',
      )
      .get(series);
    const sequence = row?.last_number ?? 0;
    return { series, sequence, number: invoiceNumber(kind, register, year, sequence) };
  }

  private existingSale(saleId: string): SaleOutcome | null {
    const row = this.db
      .prepare<[string], { items: string; payment: string | null; outbox_seq: number; invoice_id: string | null }>(
        'SELECT items, payment, outbox_seq, invoice_id FROM counter_sales WHERE sale_id = ?',
      )
      .get(saleId);
    if (row === undefined) return null;
    const invoice = row.invoice_id === null ? undefined : this.invoiceById(row.invoice_id);
    if (invoice === undefined || row.payment === null)
      throw new AppError('IDEMPOTENCY_KEY_REUSED', 'Another sale was recorded with this id.');
    return {
      saleId,
      seq: row.outbox_seq,
      created: false,
      invoice,
      payment: JSON.parse(row.payment) as HubPayment,
      printJob: null,
    };
  }

  /**
   * Records a sale and, when asked, queues its ticket in the same transaction (one request: the
   * ticket cannot be lost between the sale and a second call). A wallet pays through the card
   * shown at the look-up (`presentationId`: its check and the cloud's balance answer are reused)
   * or through the card's token (checked and its balance asked here). `printing` is the hub's
   * print queue; the routes always pass it.
   */
  async sell(request: SaleRequest, by: HubPrincipal, printing?: PrintQueue): Promise<SaleOutcome> {
    const earlier = this.existingSale(request.saleId);
    if (earlier !== null) {
      const same =
        earlier.invoice.document.lines.length === request.items.length &&
        earlier.invoice.document.lines.every(
          (l, i) =>
            l.sku === request.items[i]?.productId && l.quantityMilli === (request.items[i]?.quantity ?? 0) * 1000,
        );
      if (!same || earlier.payment.method !== request.payment.method)
        throw new AppError('IDEMPOTENCY_KEY_REUSED', 'Another sale was recorded with this id.');
      return { ...earlier, printJob: await this.retriedTicket(earlier.invoice, request.print, printing) };
    }
    // Before asking anyone anything: a printer that does not exist, and no sale without an open drawer (checked again
    // when writing).
    if (request.print !== undefined) this.queueOf(printing).requirePrinter(request.print.printerId);
    this.cash.requireOpen();
    const presentationId =
      request.payment.method === 'wallet' && 'presentationId' in request.payment
        ? request.payment.presentationId
        : null;
    const presentation = presentationId === null ? null : this.take(presentationId);
    let recorded = false;
    try {
      const outcome = await this.record(request, by, presentation, printing);
      recorded = true;
      return outcome;
    } finally {
      // Refused (no funds, drawer closed…): the look-up still stands for another try. Once recorded it is spent.
      if (presentationId !== null && presentation !== null && !recorded)
        this.presentations.set(presentationId, presentation);
    }
  }

  private queueOf(printing: PrintQueue | undefined): PrintQueue {
    if (printing === undefined) throw new Error('a sale with a ticket needs the print queue');
    return printing;
  }

  /**
   * The ticket of a sale asked again (its answer was lost): the job the first request queued,
   * or, when it queued none (no printer then, or the queue refused it), one queued now.
   */
  private async retriedTicket(
    invoice: IssuedInvoice,
    print: SaleRequest['print'],
    printing: PrintQueue | undefined,
  ): Promise<PrintJob | null> {
    if (print === undefined) return null;
    const queue = this.queueOf(printing);
    const documentKey = `invoice:${invoice.number}`;
    const original = queue.original(print.printerId, documentKey);
    if (original !== undefined) return original;
    const { blocks } = this.layout(invoice, await this.policy());
    try {
      return queue.enqueue({
        printerId: print.printerId,
        documentKey,
        blocks,
        ...(print.openDrawer === true ? { openDrawer: true } : {}),
      }).job;
    } catch (error) {
      if (error instanceof AppError) return null;
      throw error;
    }
  }

  private async record(
    request: SaleRequest,
    by: HubPrincipal,
    presentation: Presentation | null,
    printing: PrintQueue | undefined,
  ): Promise<SaleOutcome> {
    const policy = await this.policy();
    const lines = request.items.map((item) => {
      const product = this.db
        .prepare<[string], { name: string; price_xof: number; tax_group: string; active: number }>(
          'SELECT name, price_xof, tax_group, active FROM catalog_products WHERE id = ?',
        )
        .get(item.productId);
      if (product === undefined || product.active !== 1)
        throw new AppError('NOT_FOUND', `Product ${item.productId} is not in this counter's catalog.`);
      // The label as every output shows it: a name with a control character (kept from before the
      // input rule) would otherwise make the cloud refuse this sale when the hub pushes it.
      return {
        sku: item.productId,
        label: displayText(product.name).slice(0, 300),
        quantityMilli: item.quantity * 1000,
        unitPriceXof: product.price_xof,
        taxGroup: product.tax_group,
        discountXof: 0,
      };
    });
    // Totalled once: the payment states this total, the invoice row stores it, every answer and ticket reads it.
    const totals = computeTotals({ lines, priceMode: 'tax_included' });
    const grossXof = totals.grossXof;
    let holder: Holder | null = null;
    let answer: BalanceAnswer | null = null;
    if (presentation !== null) {
      // The card checked at the look-up. A dynamic code's single use is spent by the sale that
      // pays with it (checked again here, with this hub's keys only), so it cannot pay twice.
      holder = presentation.holder.dynamic
        ? await this.holder(presentation.holder.credential, true)
        : presentation.holder;
      // The look-up's balance answer authorises this payment; asked again only if the cloud did not answer then.
      answer =
        presentation.checkId !== null
          ? { checkId: presentation.checkId }
          : await this.refreshBalance(holder.ismailId, holder.cardId, holder.credential);
    } else if (request.payment.method === 'wallet' && 'token' in request.payment) {
      holder = await this.holder(request.payment.token, true);
      answer = await this.refreshBalance(holder.ismailId, holder.cardId, request.payment.token);
    }
    const online = answer !== null;
    const at = this.outbox.clock.now();
    const document: InvoiceDraft = {
      kind: 'invoice',
      currency: 'XOF',
      priceMode: 'tax_included',
      seller: policy.seller,
      buyer: holder === null ? { kind: 'B2C' } : { kind: 'B2C', name: holder.name.slice(0, 200) },
      lines,
      payments: [{ method: request.payment.method, amountXof: grossXof }],
    };
    const problems = validateDraft(document);
    if (problems.length > 0)
      throw new AppError(
        'VALIDATION_FAILED',
        `This sale cannot be invoiced: ${problems.map((p) => `${p.path}: ${p.problem}`).join('; ')}`.slice(0, 500),
      );

    const { outcome, queued } = this.db
      .transaction((): { outcome: SaleOutcome; queued: { job: PrintJob; created: boolean } | null } => {
        const cashSessionId = this.cash.requireOpen();
        let payment: HubPayment = { method: 'cash' };
        // The UTC day, as the cloud counts the ceilings.
        const day = hubDay(at);
        if (holder !== null) {
          // Checked again inside the transaction: two sales to one wallet at this counter cannot both pass.
          const amount = walletChargeCentiCredits(grossXof, policy.xofPerCredit);
          const known = this.available(holder.ismailId);
          if (known === null)
            throw new AppError(
              'INSUFFICIENT_FUNDS',
              'This wallet’s balance is not known here and the cloud cannot be reached: take cash, or sell credits first.',
            );
          if (amount > known.availableCentiCredits)
            throw new AppError(
              'INSUFFICIENT_FUNDS',
              `The wallet holds ${String(Math.max(0, known.availableCentiCredits) / 100)} credits; this sale needs ${String(amount / 100)}.`,
            );
          if (holder.revocationListIat === null)
            throw new AppError(
              'CARD_NOT_ACCEPTED',
              'Ce guichet n’a pas encore la liste des cartes révoquées : il lui faut le réseau une première fois.',
            );
          if (!online) {
            // The same ceilings the cloud enforces when the sale reaches it: refused here, before the customer leaves.
            const offline = policy.offline;
            const credits = (centi: number): string => String(centi / 100);
            if (at.getTime() - holder.revocationListIat * 1000 > offlineRevocationListMaxAgeS * 1000) {
              throw new AppError(
                'HUB_POLICY_OUTDATED',
                'Hors ligne depuis trop longtemps : la liste des cartes révoquées de ce guichet est trop ancienne pour un paiement par portefeuille. Encaissez en espèces.',
              );
            }
            if (amount > offline.perTransactionCentiCredits)
              throw new AppError(
                'OFFLINE_LIMIT_EXCEEDED',
                `Hors ligne, un paiement par portefeuille est limité à ${credits(offline.perTransactionCentiCredits)} crédits. Encaissez en espèces ou attendez le réseau.`,
              );
            const spent = this.spentOfflineToday(holder.ismailId, day);
            if (spent + amount > offline.perWalletPerDayCentiCredits) {
              throw new AppError(
                'OFFLINE_LIMIT_EXCEEDED',
                `Hors ligne, ce portefeuille peut payer au plus ${credits(offline.perWalletPerDayCentiCredits)} crédits par jour ici (déjà ${credits(spent)}). Encaissez en espèces ou attendez le réseau.`,
              );
            }
            const hubSpent = this.hubSpentOffline(day);
            if (hubSpent + amount > offline.perHubPerDayCentiCredits) {
              throw new AppError(
                'OFFLINE_LIMIT_EXCEEDED',
                `Hors ligne, ce guichet peut encaisser au plus ${credits(offline.perHubPerDayCentiCredits)} crédits par jour sur les portefeuilles (déjà ${credits(hubSpent)}). Encaissez en espèces ou attendez le réseau.`,
              );
            }
          }
          payment = {
            method: 'wallet',
            ismailId: holder.ismailId,
            cardId: holder.cardId,
            credential: holder.credential,
            amountCentiCredits: amount,
            authorisation: online ? 'online' : 'offline',
            availableCentiCredits: known.availableCentiCredits,
            revocationListIat: holder.revocationListIat,
            policyVersion: policy.offline.version,
            ...(answer === null ? {} : { balanceCheckId: answer.checkId }),
          };
        }
        // The hub is the one authority for stock across its terminals: checked and taken under this write lock.
        takeFromShelf(
          this.db,
          lines.map((l) => ({ productId: l.sku, label: l.label, quantity: l.quantityMilli / 1000 })),
        );
        const terminal = terminalOfPrincipal(by);
        const register = terminal === null ? policy.register : terminalRegister(policy.register, terminal.number);
        const numbered = this.nextNumber(register, 'invoice', at);
        const invoiceId = randomUUID();
        const issuedAt = at.toISOString();
        // The hash the cloud computes when it records this invoice (the ticket's QR), computed once here; the push
        // carries it and the cloud checks it.
        const contentHash = this.contentHash(policy.partner, {
          kind: 'invoice',
          number: numbered.number,
          issuedAt,
          document,
          totals,
        });
        const issued: HubIssuedDocument = {
          sequence: numbered.sequence,
          number: numbered.number,
          issuedAt,
          document,
          contentHash,
          // A terminal's own series: the cloud checks the number against this register (absent: the hub's own).
          ...(terminal === null ? {} : { register }),
        };
        const seq = this.outbox.append(
          'shop.sale',
          { saleId: request.saleId, items: request.items, invoice: issued, payment },
          randomUUID(),
          at,
        );
        this.db
          .prepare(
            'INSERT INTO hub_invoices (id, kind, number, series, sequence, issued_at, document, gross_xof, sale_id, outbox_seq, cash_session_id, staff_id, totals, content_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
          )
          .run(
            invoiceId,
            'invoice',
            numbered.number,
            numbered.series,
            numbered.sequence,
            issued.issuedAt,
            JSON.stringify(document),
            totals.grossXof,
            request.saleId,
            seq,
            cashSessionId,
            by.accountId,
            JSON.stringify(totals),
            contentHash,
          );
        this.db
          .prepare(
            'INSERT INTO counter_sales (sale_id, items, at, outbox_seq, invoice_id, payment, cash_session_id, staff_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
          )
          .run(
            request.saleId,
            JSON.stringify(request.items),
            issued.issuedAt,
            seq,
            invoiceId,
            JSON.stringify(payment),
            cashSessionId,
            by.accountId,
          );
        if (payment.method === 'wallet') {
          this.db
            .prepare(
              'INSERT INTO wallet_charges (sale_id, ismail_id, amount_centi_credits, authorisation, at, day, outbox_seq) VALUES (?, ?, ?, ?, ?, ?, ?)',
            )
            .run(
              request.saleId,
              payment.ismailId,
              payment.amountCentiCredits,
              payment.authorisation,
              issued.issuedAt,
              day,
              seq,
            );
        }
        const invoice = this.invoiceById(invoiceId) as IssuedInvoice;
        const queued =
          request.print === undefined ? null : this.queueTicket(this.queueOf(printing), request.print, invoice, policy);
        return {
          outcome: { saleId: request.saleId, seq, created: true, invoice, payment, printJob: queued?.job ?? null },
          queued,
        };
      })
      .immediate();
    // Only now, the sale committed, may the printer see its ticket.
    if (queued !== null) printing?.committed(queued);
    return outcome;
  }

  /**
   * The sale's ticket, queued inside the sale's transaction (a savepoint). A queue that refuses
   * it (full, or another ticket under this number) does not undo the sale: the answer's job is
   * then null and the invoice is printed from Factures.
   */
  private queueTicket(
    printing: PrintQueue,
    print: NonNullable<SaleRequest['print']>,
    invoice: IssuedInvoice,
    policy: HubPolicy,
  ): { job: PrintJob; created: boolean } | null {
    const { blocks } = this.layout(invoice, policy);
    try {
      return printing.enqueueInTransaction({
        printerId: print.printerId,
        documentKey: `invoice:${invoice.number}`,
        blocks,
        ...(print.openDrawer === true ? { openDrawer: true } : {}),
      });
    } catch (error) {
      if (error instanceof AppError) return null;
      throw error;
    }
  }

  /** A credit note on a sale of this counter: 'all' that is left, or some lines (index, thousandths). */
  creditNote(
    input: { creditId: string; saleId: string; lines: readonly { index: number; quantityMilli: number }[] | 'all' },
    by: HubPrincipal,
  ): { seq: number; created: boolean; creditNote: IssuedInvoice } {
    return this.db
      .transaction(() => {
        const existing = this.db
          .prepare<[string], { id: string; sale_id: string; outbox_seq: number }>(
            'SELECT id, sale_id, outbox_seq FROM hub_invoices WHERE credit_id = ?',
          )
          .get(input.creditId);
        if (existing !== undefined) {
          if (existing.sale_id !== input.saleId)
            throw new AppError('IDEMPOTENCY_KEY_REUSED', 'Another credit note was recorded with this id.');
          return {
            seq: existing.outbox_seq,
            created: false,
            creditNote: this.invoiceById(existing.id) as IssuedInvoice,
          };
        }
        const cashSessionId = this.cash.requireOpen();
        const sale = this.db
          .prepare<[string], { invoice_id: string | null; payment: string | null }>(
            'SELECT invoice_id, payment FROM counter_sales WHERE sale_id = ?',
          )
          .get(input.saleId);
        const original = sale?.invoice_id == null ? undefined : this.invoiceById(sale.invoice_id);
        if (sale === undefined || original === undefined)
          throw new AppError('NOT_FOUND', 'No invoiced sale with this id at this counter.');
        const credited = new Map<number, number>();
        const notes = this.db
          .prepare<[string], { document: string }>(
            "SELECT document FROM hub_invoices WHERE sale_id = ? AND kind = 'credit_note'",
          )
          .all(input.saleId);
        for (const note of notes)
          for (const l of (JSON.parse(note.document) as InvoiceDraft).original?.lines ?? [])
            credited.set(l.index, (credited.get(l.index) ?? 0) + l.quantityMilli);
        let document: InvoiceDraft;
        try {
          document = creditNoteDraft(
            { invoiceId: original.id, number: original.number, draft: original.document },
            input.lines,
            credited,
          );
        } catch (error) {
          if (error instanceof CreditNoteError) throw new AppError('VALIDATION_FAILED', error.message);
          throw error;
        }
        const totals = computeTotals(document);
        const at = this.outbox.clock.now();
        // The credit note is numbered in the sale's register (a terminal's own series when sold there).
        const register = registerOf(original.number);
        const numbered = this.nextNumber(register, 'credit_note', at);
        const payment = JSON.parse(sale.payment ?? '{"method":"cash"}') as HubPayment;
        // Units back on the shelf: whole units only (a line sold by weight comes back as counted stock).
        const restock = (document.original?.lines ?? []).map((l) => ({
          index: l.index,
          quantity: Math.floor(l.quantityMilli / 1000),
        }));
        putBackOnShelf(
          this.db,
          (document.original?.lines ?? []).map((l) => ({
            productId: original.document.lines[l.index]?.sku ?? '',
            quantity: Math.floor(l.quantityMilli / 1000),
          })),
        );
        const refund =
          payment.method === 'wallet'
            ? {
                method: 'wallet' as const,
                amountCentiCredits: Math.min(
                  payment.amountCentiCredits,
                  Math.ceil((totals.grossXof * payment.amountCentiCredits) / Math.max(1, original.totals.grossXof)),
                ),
              }
            : { method: 'cash' as const };
        const issued: HubIssuedDocument = {
          sequence: numbered.sequence,
          number: numbered.number,
          issuedAt: at.toISOString(),
          document,
          ...(/-T\d+$/.test(register) ? { register } : {}),
        };
        const seq = this.outbox.append(
          'shop.sale_credit',
          { saleId: input.saleId, creditNote: issued, restock, refund },
          randomUUID(),
          at,
        );
        const id = randomUUID();
        this.db
          .prepare(
            'INSERT INTO hub_invoices (id, kind, number, series, sequence, issued_at, document, gross_xof, sale_id, credit_id, outbox_seq, cash_session_id, staff_id, totals) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
          )
          .run(
            id,
            'credit_note',
            numbered.number,
            numbered.series,
            numbered.sequence,
            issued.issuedAt,
            JSON.stringify(document),
            totals.grossXof,
            input.saleId,
            input.creditId,
            seq,
            cashSessionId,
            by.accountId,
            JSON.stringify(totals),
          );
        return { seq, created: true, creditNote: this.invoiceById(id) as IssuedInvoice };
      })
      .immediate();
  }

  private toIssued(row: InvoiceRow): IssuedInvoice {
    const document = JSON.parse(row.document) as InvoiceDraft;
    return {
      id: row.id,
      kind: row.kind,
      number: row.number,
      issuedAt: row.issued_at,
      saleId: row.sale_id,
      document,
      // Stored when recorded; computed for rows written before the column. A fresh copy either way: the answer's arrays
      // are its own.
      totals: mutableTotals(row.totals === null ? computeTotals(document) : (JSON.parse(row.totals) as InvoiceTotals)),
      provisional: row.clearance_status !== 'certified',
      synced: row.status === 'applied' || row.status === 'duplicate',
      clearanceStatus: row.clearance_status,
      authorityReference: row.authority_reference,
    };
  }

  invoiceById(id: string): IssuedInvoice | undefined {
    const row = this.db.prepare<[string], InvoiceRow>(`${invoiceSelect} WHERE i.id = ?`).get(id);
    return row === undefined ? undefined : this.toIssued(row);
  }

  invoiceByNumber(number: string): IssuedInvoice | undefined {
    const row = this.db.prepare<[string], InvoiceRow>(`${invoiceSelect} WHERE i.number = ?`).get(number);
    return row === undefined ? undefined : this.toIssued(row);
  }

  /**
   * An invoice as printed at the counter: the shared layout every format draws, with the same
   * content hash the cloud computes when it records the hub's invoice, so the ticket's QR
   * (number and hash) checks out at the cloud once the hub has synced.
   */
  async ticket(
    number: string,
  ): Promise<{ invoice: IssuedInvoice; blocks: LayoutBlock[]; verificationUrl: string } | undefined> {
    const invoice = this.invoiceByNumber(number);
    if (invoice === undefined) return undefined;
    return { invoice, ...this.layout(invoice, await this.policy()) };
  }

  /** The shared content hash (shared/src/invoicing/content-hash), with this platform's SHA-256. */
  private contentHash(
    issuerAccountId: string,
    invoice: Pick<IssuedInvoice, 'kind' | 'number' | 'issuedAt' | 'document'> & { readonly totals: InvoiceTotals },
  ): string {
    return invoiceContentHash(
      {
        issuerAccountId,
        kind: invoice.kind,
        number: invoice.number,
        issuedAt: invoice.issuedAt,
        document: invoice.document,
        totals: invoice.totals,
      },
      (text) => createHash('sha256').update(text, 'utf8').digest('hex'),
    );
  }

  private layout(invoice: IssuedInvoice, policy: HubPolicy): { blocks: LayoutBlock[]; verificationUrl: string } {
    const printed = this.printed(invoice.number);
    // Stored with the invoice since hub migration 0025; computed for older rows.
    return this.laidOut(invoice, printed?.content_hash ?? this.contentHash(policy.partner, invoice), printed);
  }

  /**
   * A document laid out again for a reprint (the print queue asks, synchronously): with the
   * certification the feed has brought since the first ticket. Undefined when it is not an
   * invoice of this counter with its stored hash (a credit note, an older row): the queue
   * then prints the first ticket's blocks again.
   */
  relaid(documentKey: string): LayoutBlock[] | undefined {
    if (!documentKey.startsWith('invoice:')) return undefined;
    const invoice = this.invoiceByNumber(documentKey.slice('invoice:'.length));
    const printed = invoice === undefined ? undefined : this.printed(invoice.number);
    if (invoice === undefined || printed?.content_hash == null) return undefined;
    return this.laidOut(invoice, printed.content_hash, printed).blocks;
  }

  /** What goes on paper beside the document: its stored hash and, once the feed has it, its certification. */
  private printed(number: string): PrintedRow | undefined {
    return this.db
      .prepare<[string], PrintedRow>(
        'SELECT i.content_hash, c.clearance_status, c.authority, c.authority_reference, c.qr_data, c.certified_at FROM hub_invoices i LEFT JOIN invoice_clearances c ON c.number = i.number WHERE i.number = ?',
      )
      .get(number);
  }

  private laidOut(
    invoice: IssuedInvoice,
    contentHash: string,
    printed: PrintedRow | undefined,
  ): { blocks: LayoutBlock[]; verificationUrl: string } {
    const cloudUrl = (this.credentials.load()?.cloudUrl ?? '').replace(/\/$/, '');
    const verificationUrl = `${cloudUrl}/v1/invoices/verify?number=${encodeURIComponent(invoice.number)}&hash=${contentHash}`;
    // Certified with the authority's QR: the ticket carries the certification; until then, the cloud's link.
    const clearance =
      printed?.clearance_status === 'certified' &&
      printed.authority !== null &&
      printed.authority_reference !== null &&
      printed.qr_data !== null
        ? {
            authority: printed.authority,
            reference: printed.authority_reference,
            qrData: printed.qr_data,
            ...(printed.certified_at === null ? {} : { certifiedAt: printed.certified_at }),
          }
        : null;
    return {
      verificationUrl,
      blocks: invoiceLayout({
        kind: invoice.kind,
        number: invoice.number,
        issuedAt: invoice.issuedAt,
        document: invoice.document,
        totals: invoice.totals,
        contentHash,
        clearance,
        verificationUrl,
      }),
    };
  }

  /** Newest first. */
  invoices(query: { kind?: 'invoice' | 'credit_note' | undefined; limit?: number | undefined }): IssuedInvoice[] {
    return this.db
      .prepare<[{ kind: string | null; limit: number }], InvoiceRow>(
        `${invoiceSelect} WHERE (@kind IS NULL OR i.kind = @kind) ORDER BY i.outbox_seq DESC LIMIT @limit`,
      )
      .all({ kind: query.kind ?? null, limit: Math.min(query.limit ?? 50, 200) })
      .map((r) => this.toIssued(r));
  }
}
