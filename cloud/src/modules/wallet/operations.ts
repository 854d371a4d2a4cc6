/**
 * Wallet operations (SPEC 3.5): each turns a business request into one linked ledger
 * command. Reads that decide amounts (rates, tariffs, the partner's sales rep) happen
 * before the command; the ledger applies it atomically against locked balances.
 *
 * Every write takes a `WriteContext`: who acts, the idempotency scope and the client's key.
 * The request hash covers the operation's inputs (not the key), so a replay returns the
 * first result and the same key with other inputs is refused.
 */
import {
  AppError,
  cashbackBp,
  includedTax,
  percentOf,
  salesCommissions,
  vatBpByCountry,
  xofToCentiCredits,
  type Module,
} from '@ismail/shared';
import type { Database } from '../../platform/db/database.js';
import { AccountLoader, type AccountFacts } from './account-loader.js';
import { ledgerAccount, codeSuffixPattern } from './ledger-accounts.js';
import { requestHash, type Ledger } from './ledger.js';
import { activeCashHub } from './cash-drawers.js';
import type { HoldPurpose, LedgerCommand, LedgerOutcome, TransferLeg } from './ledger-types.js';
import { commissionPolicyAt, creditRateAt, moduleRateAt, tariffAt } from './rates.js';
import { uuidPattern } from '@ismail/shared';

export interface WriteContext {
  readonly actor: { readonly accountId?: string | undefined; readonly label: string };
  /** Whose keys these are: the acting account's id, or "system", "provider:wave", "hub:<id>". */
  readonly scope: string;
  readonly idempotencyKey: string;
}

export const idempotencyKeyPattern = /^[A-Za-z0-9_.:-]{1,128}$/;
/** A hold longer than this is a reservation nobody will remember: bound it. */
export const maxHoldSeconds = 90 * 24 * 3600;
export const withdrawalHoldSeconds = 30 * 24 * 3600;

/** The purpose of a module sale's hold: only that module's flow resolves it. */
export function salePurpose(module: Module): HoldPurpose {
  switch (module) {
    case 'shop':
      return 'shop_order';
    case 'booking':
      return 'booking';
    case 'services':
      return 'service';
    case 'real_estate':
      return 'rent';
    case 'debt_collection':
      throw new AppError('VALIDATION_FAILED', 'debt collection holds no sale');
  }
}

function positiveAmount(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value <= 0)
    throw new AppError('VALIDATION_FAILED', `${name} must be a positive whole number`);
}

export class WalletOperations {
  private readonly accounts: AccountLoader;

  constructor(
    private readonly db: Database,
    private readonly ledger: Ledger,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.accounts = new AccountLoader(db);
  }

  private async submit(
    ctx: WriteContext,
    kind: string,
    request: unknown,
    build: () => Promise<Omit<LedgerCommand, 'scope' | 'idempotencyKey' | 'requestHash' | 'kind'>>,
  ): Promise<LedgerOutcome> {
    return this.ledger.submit(await this.prepare(ctx, kind, request, build));
  }

  private async prepare(
    ctx: WriteContext,
    kind: string,
    request: unknown,
    build: () => Promise<Omit<LedgerCommand, 'scope' | 'idempotencyKey' | 'requestHash' | 'kind'>>,
  ): Promise<LedgerCommand> {
    if (!idempotencyKeyPattern.test(ctx.idempotencyKey)) {
      throw new AppError('VALIDATION_FAILED', 'Idempotency-Key must be 1 to 128 characters: letters, digits, _ . : -');
    }
    const body = await build();
    return {
      ...body,
      scope: ctx.scope,
      idempotencyKey: ctx.idempotencyKey,
      requestHash: requestHash(kind, request),
      kind,
    };
  }

  /**
   * Submits commands prepared in order (see `prepareCashTopUp`) without waiting for each: the
   * ledger's queue keeps their order and commits many of them together (group commit).
   */
  submitPrepared(command: LedgerCommand): Promise<LedgerOutcome> {
    return this.ledger.submit(command);
  }

  private async account(id: string, role: 'payer' | 'payee'): Promise<AccountFacts> {
    if (!uuidPattern.test(id)) throw new AppError('NOT_FOUND', 'No such account.');
    const row = await this.accounts.load(id);
    if (row === undefined) throw new AppError('NOT_FOUND', 'No such account.');
    // Money leaves only active accounts; it may reach one awaiting KYC, never a closed one.
    if (role === 'payer' ? row.status !== 'active' : row.status === 'closed') throw new AppError('ACCOUNT_NOT_ACTIVE');
    return row;
  }

  /**
   * Cash paid at a hub counter (SPEC 3.5): the hub's drawer owes the cash, the wallet gets
   * credits. Only the drawer of a registered, active hub (migration 0027 refuses any other).
   * Who may sell at that hub, and the hub's daily cash ceiling, are the caller's to check
   * (`authorizeCashSale`, `enforceDailyCashCeiling` in `extraWrites`, under the drawer's lock).
   */
  async buyCreditsWithCash(
    ctx: WriteContext,
    input: { accountId: string; hubId: string; amountXof: number },
    extraWrites?: LedgerCommand['extraWrites'],
  ): Promise<LedgerOutcome> {
    await activeCashHub(this.db, input.hubId);
    const command = await this.prepareCashTopUp(ctx, input);
    if (extraWrites === undefined) return this.ledger.submit(command);
    return this.ledger.submit({
      ...command,
      extraWrites: async (client, result) => {
        await command.extraWrites?.(client, result);
        await extraWrites(client, result);
      },
    });
  }

  /** The same top-up as a ready command: a hub's drain prepares many, then submits them in order. */
  async prepareCashTopUp(
    ctx: WriteContext,
    input: { accountId: string; hubId: string; amountXof: number },
    extraWrites?: LedgerCommand['extraWrites'],
  ): Promise<LedgerCommand> {
    // extraWrites: a hub's push raises its drawer's day within the signed cash ceiling there (sync-push.ts).
    return this.prepare(ctx, 'buy_credits_cash', input, async () => {
      positiveAmount('amountXof', input.amountXof);
      if (!codeSuffixPattern.test(input.hubId))
        throw new AppError('VALIDATION_FAILED', 'hubId is 1 to 64 letters, digits, _ . -');
      const account = await this.account(input.accountId, 'payee');
      const rate = await creditRateAt(this.db.pool, account.country, this.now());
      const amount = xofToCentiCredits(input.amountXof, rate);
      return {
        legs: [
          {
            type: 'transfer',
            debit: ledgerAccount.cashDrawer(input.hubId),
            credit: ledgerAccount.wallet(account.id),
            amount,
            leg: 'top_up',
          },
        ],
        facts: { amountXof: input.amountXof, xofPerCredit: rate.xofPerCredit, hubId: input.hubId },
        ...(extraWrites === undefined ? {} : { extraWrites }),
      };
    });
  }

  /** A verified mobile-money success; the key is the provider's reference, so a grant happens once. */
  async grantMobileMoney(
    input: { provider: string; providerRef: string; accountId: string; amountXof: number; centiCredits: number },
    extraWrites: LedgerCommand['extraWrites'],
  ): Promise<LedgerOutcome> {
    const ctx: WriteContext = {
      actor: { label: `provider:${input.provider}` },
      scope: `provider:${input.provider}`,
      idempotencyKey: `top-up:${input.providerRef}`,
    };
    return this.submit(ctx, 'buy_credits_mobile_money', input, async () => ({
      legs: [
        {
          type: 'transfer',
          debit: ledgerAccount.mobileMoneyClearing(input.provider),
          credit: ledgerAccount.wallet(input.accountId),
          amount: input.centiCredits,
          leg: 'top_up',
        },
      ],
      facts: { amountXof: input.amountXof, provider: input.provider, providerRef: input.providerRef },
      extraWrites,
    }));
  }

  /**
   * A module charge from the tariff table (SPEC 3.5), with, in the same atomic unit: the VAT
   * inside it, the sales commissions of the partner's rep and team leads (SPEC 3.6), and
   * cashback when the tariff is eligible.
   */
  async consume(
    ctx: WriteContext,
    input: { accountId: string; tariffCode: string; units: number; unitPriceCredits?: number | undefined },
  ): Promise<LedgerOutcome> {
    return this.submit(ctx, 'consume', input, async () => {
      positiveAmount('units', input.units);
      if (input.units > 10_000) throw new AppError('VALIDATION_FAILED', 'units must be at most 10000');
      const at = this.now();
      const consumer = await this.account(input.accountId, 'payer');
      const tariff = await tariffAt(this.db.pool, input.tariffCode, at);
      const unitPrice =
        input.unitPriceCredits ?? (tariff.minCredits === tariff.maxCredits ? tariff.minCredits : undefined);
      if (unitPrice === undefined)
        throw new AppError(
          'VALIDATION_FAILED',
          `tariff ${tariff.code} ranges ${String(tariff.minCredits)} to ${String(tariff.maxCredits)} credits: give unitPriceCredits`,
        );
      if (!Number.isSafeInteger(unitPrice) || unitPrice < tariff.minCredits || unitPrice > tariff.maxCredits) {
        throw new AppError(
          'VALIDATION_FAILED',
          `unitPriceCredits must be ${String(tariff.minCredits)} to ${String(tariff.maxCredits)} for ${tariff.code}`,
        );
      }
      const amount = input.units * unitPrice * 100;
      const wallet = ledgerAccount.wallet(consumer.id);
      const revenue = ledgerAccount.revenue(tariff.module);
      const legs: TransferLeg[] = [{ type: 'transfer', debit: wallet, credit: revenue, amount, leg: 'charge' }];
      const tax = includedTax(amount, vatBpByCountry[consumer.country] ?? 0);
      if (tax > 0)
        legs.push({
          type: 'transfer',
          debit: revenue,
          credit: ledgerAccount.taxPayable(consumer.country),
          amount: tax,
          leg: 'tax',
        });

      // Premium subscriptions are the platform's own charge: default rates apply.
      const {
        legs: commissionLegs,
        rep,
        teamLeads,
      } = await this.salesCommissionLegs(consumer, amount, tariff.module, revenue, at);
      legs.push(...commissionLegs);
      const cashback = tariff.cashbackEligible ? percentOf(amount, cashbackBp) : 0;
      if (cashback > 0)
        legs.push({
          type: 'transfer',
          debit: ledgerAccount.bonusPool(),
          credit: wallet,
          amount: cashback,
          leg: 'cashback',
        });
      return {
        legs,
        facts: { tariffCode: tariff.code, module: tariff.module, unitPriceCredits: unitPrice, units: input.units },
        consumption: {
          consumerAccountId: consumer.id,
          module: tariff.module,
          tariffCode: tariff.code,
          partnerCategory: consumer.partner_category,
          amount,
          salesRepId: rep?.id ?? null,
          repActivePartners: rep?.activePartners ?? null,
          teamLeadIds: teamLeads,
        },
      };
    });
  }

  /**
   * The module's fixed fee per listing (SPEC 3.5 module rates, e.g. 200 FCFA for a real estate listing), charged once
   * on a listing's first publication: wallet → module revenue at the country's credit rate, with the VAT inside it.
   */
  async listingFee(ctx: WriteContext, input: { accountId: string; module: Module }): Promise<LedgerOutcome> {
    return this.submit(ctx, 'listing_fee', input, async () => {
      const at = this.now();
      const payer = await this.account(input.accountId, 'payer');
      const rate = await moduleRateAt(this.db.pool, input.module, at);
      const amount = xofToCentiCredits(rate.perListingXof, await creditRateAt(this.db.pool, payer.country, at));
      positiveAmount('listing fee', amount);
      const revenue = ledgerAccount.revenue(input.module);
      const legs: TransferLeg[] = [
        { type: 'transfer', debit: ledgerAccount.wallet(payer.id), credit: revenue, amount, leg: 'listing_fee' },
      ];
      const tax = includedTax(amount, vatBpByCountry[payer.country] ?? 0);
      if (tax > 0)
        legs.push({
          type: 'transfer',
          debit: revenue,
          credit: ledgerAccount.taxPayable(payer.country),
          amount: tax,
          leg: 'tax',
        });
      return { legs, facts: { module: input.module, perListingXof: rate.perListingXof } };
    });
  }

  /**
   * The sales commissions (SPEC 3.6) a partner's consumption of `baseCentiCredits` earns its
   * rep and team leads, paid from the module's revenue, each leg writing its accrual row.
   * Nothing for a consumer that is not a partner with a rep.
   */
  private async salesCommissionLegs(
    consumer: AccountFacts,
    baseCentiCredits: number,
    module: string,
    revenue: ReturnType<typeof ledgerAccount.revenue>,
    at: Date,
  ): Promise<{ legs: TransferLeg[]; rep: { id: string; activePartners: number } | null; teamLeads: string[] }> {
    if (consumer.profile !== 'partner' || consumer.sales_rep_id === null) return { legs: [], rep: null, teamLeads: [] };
    const policy = await commissionPolicyAt(this.db.pool, at);
    const repId = consumer.sales_rep_id;
    const counts = await this.db.pool.query<{ n: string }>(
      "SELECT count(*) AS n FROM accounts WHERE sales_rep_id = $1 AND profile = 'partner' AND status = 'active'",
      [repId],
    );
    const rep = { id: repId, activePartners: Number(counts.rows[0]?.n ?? 0) };
    const teamLeads = await this.teamLeads(repId, policy.maxTeamLeadLevels);
    const lines = salesCommissions(
      {
        consumedCentiCredits: baseCentiCredits,
        module: module as Module,
        partnerCategory: consumer.partner_category ?? undefined,
        rep,
        teamLeads,
      },
      policy,
    );
    const legs: TransferLeg[] = lines
      .filter((line) => line.amountCentiCredits > 0)
      .map((line) => ({
        type: 'transfer',
        debit: revenue,
        credit: ledgerAccount.commissionsPayable(line.to),
        amount: line.amountCentiCredits,
        leg: line.role === 'sales_rep' ? 'sales_commission' : 'team_lead_commission',
        accrual: { beneficiaryId: line.to, role: line.role, level: line.level, rateBp: line.rateBp, module },
      }));
    return { legs, rep, teamLeads };
  }

  /** The rep's leads, nearest first, bounded (a cycle in bad data cannot loop). */
  private async teamLeads(repId: string, maxLevels: number): Promise<string[]> {
    const { rows } = await this.db.pool.query<{ id: string }>(
      `WITH RECURSIVE up(id, depth) AS (
         SELECT supervisor_id, 1 FROM accounts WHERE id = $1 AND supervisor_id IS NOT NULL
         UNION ALL
         SELECT a.supervisor_id, up.depth + 1 FROM accounts a JOIN up ON a.id = up.id
         WHERE a.supervisor_id IS NOT NULL AND up.depth < $2)
       SELECT up.id FROM up JOIN accounts a ON a.id = up.id WHERE a.status = 'active' ORDER BY depth`,
      [repId, maxLevels],
    );
    return rows.map((r) => r.id);
  }

  /**
   * A module transaction between two users paid from the wallet (SPEC 3.5 rates): the payee
   * gets the amount and pays the module's platform commission, whose VAT goes to tax payable.
   * `extraWrites` records what was paid for (a rent payment and its receipt) in the same transaction.
   */
  async pay(
    ctx: WriteContext,
    input: { payerId: string; payeeId: string; module: Module; amountCentiCredits: number },
    extraWrites?: LedgerCommand['extraWrites'],
  ): Promise<LedgerOutcome> {
    return this.submit(ctx, 'pay', input, async () => {
      positiveAmount('amountCentiCredits', input.amountCentiCredits);
      if (input.payerId === input.payeeId) throw new AppError('VALIDATION_FAILED', 'payer and payee must differ');
      const payer = await this.account(input.payerId, 'payer');
      const payee = await this.account(input.payeeId, 'payee');
      const rate = await moduleRateAt(this.db.pool, input.module, this.now());
      const commission = percentOf(input.amountCentiCredits, rate.rateBp);
      const revenue = ledgerAccount.revenue(input.module);
      const legs: TransferLeg[] = [
        {
          type: 'transfer',
          debit: ledgerAccount.wallet(payer.id),
          credit: ledgerAccount.wallet(payee.id),
          amount: input.amountCentiCredits,
          leg: 'payment',
        },
      ];
      if (commission > 0) {
        legs.push({
          type: 'transfer',
          debit: ledgerAccount.wallet(payee.id),
          credit: revenue,
          amount: commission,
          leg: 'platform_commission',
        });
        const tax = includedTax(commission, vatBpByCountry[payee.country] ?? 0);
        if (tax > 0)
          legs.push({
            type: 'transfer',
            debit: revenue,
            credit: ledgerAccount.taxPayable(payee.country),
            amount: tax,
            leg: 'tax',
          });
      }
      return { legs, facts: { module: input.module, commissionRateBp: rate.rateBp }, extraWrites };
    });
  }

  /**
   * A wallet payment taken at a hub counter (SPEC 3.8), online or offline: a fact by the time
   * it arrives, so it is never refused for want of funds. The shortfall, if any, is lent from
   * the client's overdraft receivable (a leg "overdraft"; the caller opens the debt file in
   * `extraWrites`). The partner pays the shop module's commission as for any wallet payment.
   * The caller has verified the claim (hubs/wallet-claims.ts): the payer is the holder of the
   * credential the hub verified, within its ceilings, and was not suspended as far as the hub
   * could know; a suspension after that does not undo it. A closed account never pays.
   */
  async hubWalletPayment(
    ctx: WriteContext,
    input: { payerId: string; partnerId: string; amountCentiCredits: number },
    extraWrites?: LedgerCommand['extraWrites'],
  ): Promise<LedgerOutcome> {
    return this.submit(ctx, 'hub_wallet_payment', input, async () => {
      positiveAmount('amountCentiCredits', input.amountCentiCredits);
      if (input.payerId === input.partnerId) throw new AppError('VALIDATION_FAILED', 'payer and payee must differ');
      const payer = await this.account(input.payerId, 'payee');
      const partner = await this.account(input.partnerId, 'payee');
      const rate = await moduleRateAt(this.db.pool, 'shop', this.now());
      const commission = percentOf(input.amountCentiCredits, rate.rateBp);
      const revenue = ledgerAccount.revenue('shop');
      const legs: TransferLeg[] = [
        {
          type: 'transfer',
          debit: ledgerAccount.wallet(payer.id),
          credit: ledgerAccount.wallet(partner.id),
          amount: input.amountCentiCredits,
          leg: 'payment',
          overdraftFrom: ledgerAccount.overdraftReceivable(payer.id),
        },
      ];
      if (commission > 0) {
        legs.push({
          type: 'transfer',
          debit: ledgerAccount.wallet(partner.id),
          credit: revenue,
          amount: commission,
          leg: 'platform_commission',
        });
        const tax = includedTax(commission, vatBpByCountry[partner.country] ?? 0);
        if (tax > 0)
          legs.push({
            type: 'transfer',
            debit: revenue,
            credit: ledgerAccount.taxPayable(partner.country),
            amount: tax,
            leg: 'tax',
          });
      }
      return {
        legs,
        facts: { module: 'shop', commissionRateBp: rate.rateBp, commissionCentiCredits: commission },
        extraWrites,
      };
    });
  }

  /** Pays back (part of) an overdraft from what the wallet now holds (Recouvrement's reconciliation). */
  async repayOverdraft(
    ctx: WriteContext,
    input: { accountId: string; amountCentiCredits: number },
    extraWrites?: LedgerCommand['extraWrites'],
  ): Promise<LedgerOutcome> {
    return this.submit(ctx, 'repay_overdraft', input, async () => {
      positiveAmount('amountCentiCredits', input.amountCentiCredits);
      const account = await this.account(input.accountId, 'payee');
      return {
        legs: [
          {
            type: 'transfer',
            debit: ledgerAccount.wallet(account.id),
            credit: ledgerAccount.overdraftReceivable(account.id),
            amount: input.amountCentiCredits,
            leg: 'overdraft_repayment',
          },
        ],
        extraWrites,
      };
    });
  }

  /**
   * Settles a module sale held earlier (a shop order, a booking), as one operation: the hold
   * is captured into the partner's wallet; the partner pays the module's platform commission
   * (its VAT to tax payable); from that commission the partner's sales rep and team leads
   * earn theirs (SPEC 3.6, the commission being the partner's consumption of the platform).
   * `extraWrites` records the sale's own state change in the same transaction, so the money
   * and the order or booking can never disagree.
   */
  async settleSale(
    ctx: WriteContext,
    input: { holdId: string; partnerId: string; module: Module; amountCentiCredits: number },
    extraWrites?: LedgerCommand['extraWrites'],
  ): Promise<LedgerOutcome> {
    return this.submit(ctx, 'settle_sale', input, async () => {
      positiveAmount('amountCentiCredits', input.amountCentiCredits);
      const at = this.now();
      const partner = await this.account(input.partnerId, 'payee');
      const rate = await moduleRateAt(this.db.pool, input.module, at);
      const commission = percentOf(input.amountCentiCredits, rate.rateBp);
      const revenue = ledgerAccount.revenue(input.module);
      const legs: LedgerCommand['legs'][number][] = [
        {
          type: 'post',
          pendingId: input.holdId,
          purpose: salePurpose(input.module),
          amount: input.amountCentiCredits,
          leg: 'capture',
        },
      ];
      if (commission > 0) {
        legs.push({
          type: 'transfer',
          debit: ledgerAccount.wallet(partner.id),
          credit: revenue,
          amount: commission,
          leg: 'platform_commission',
        });
        const tax = includedTax(commission, vatBpByCountry[partner.country] ?? 0);
        if (tax > 0)
          legs.push({
            type: 'transfer',
            debit: revenue,
            credit: ledgerAccount.taxPayable(partner.country),
            amount: tax,
            leg: 'tax',
          });
        legs.push(...(await this.salesCommissionLegs(partner, commission, input.module, revenue, at)).legs);
      }
      return {
        legs,
        facts: { module: input.module, commissionRateBp: rate.rateBp, commissionCentiCredits: commission },
        extraWrites,
      };
    });
  }

  /**
   * Refunds (part of) a settled sale: the partner returns `refundCentiCredits` to the client,
   * and the platform returns the same share of its commission (with that share's VAT) to the
   * partner. Sales commissions already earned are not clawed back.
   */
  async refundSale(
    ctx: WriteContext,
    input: {
      clientId: string;
      partnerId: string;
      module: Module;
      refundCentiCredits: number;
      commissionRefundCentiCredits: number;
      asFact?: boolean;
    },
    extraWrites?: LedgerCommand['extraWrites'],
  ): Promise<LedgerOutcome> {
    // asFact: a refund already handed over at a hub counter; the partner's shortfall becomes its overdraft.
    return this.submit(ctx, 'refund_sale', input, async () => {
      positiveAmount('refundCentiCredits', input.refundCentiCredits);
      if (!Number.isSafeInteger(input.commissionRefundCentiCredits) || input.commissionRefundCentiCredits < 0)
        throw new AppError('VALIDATION_FAILED', 'commissionRefundCentiCredits must be ≥ 0');
      const partner = await this.account(input.partnerId, 'payee');
      const client = await this.account(input.clientId, 'payee');
      const revenue = ledgerAccount.revenue(input.module);
      const legs: TransferLeg[] = [];
      if (input.commissionRefundCentiCredits > 0) {
        const tax = includedTax(input.commissionRefundCentiCredits, vatBpByCountry[partner.country] ?? 0);
        if (tax > 0)
          legs.push({
            type: 'transfer',
            debit: ledgerAccount.taxPayable(partner.country),
            credit: revenue,
            amount: tax,
            leg: 'tax_refund',
          });
        legs.push({
          type: 'transfer',
          debit: revenue,
          credit: ledgerAccount.wallet(partner.id),
          amount: input.commissionRefundCentiCredits,
          leg: 'commission_refund',
        });
      }
      legs.push({
        type: 'transfer',
        debit: ledgerAccount.wallet(partner.id),
        credit: ledgerAccount.wallet(client.id),
        amount: input.refundCentiCredits,
        leg: 'refund',
        ...(input.asFact === true ? { overdraftFrom: ledgerAccount.overdraftReceivable(partner.id) } : {}),
      });
      return { legs, facts: { module: input.module }, extraWrites };
    });
  }

  /** Voids a sale's hold whose time has passed; the same key as the expiry job, so it happens once. */
  async expireSaleHold(holdId: string, module: Module): Promise<LedgerOutcome> {
    return this.submit(
      { actor: { label: 'system' }, scope: 'system', idempotencyKey: `expire-hold:${holdId}` },
      'expire_hold',
      { holdId },
      async () => ({
        legs: [
          { type: 'void', pendingId: holdId, purpose: salePurpose(module), leg: 'expiry', allowAfterTimeout: true },
        ],
      }),
    );
  }

  /**
   * Releases a module sale's hold (an order or a booking cancelled before confirmation), with
   * the sale's own state change in `extraWrites`. Only the module's flow calls this: the
   * generic `release` cannot find a module's hold.
   */
  async releaseSaleHold(
    ctx: WriteContext,
    input: { holdId: string; module: Module },
    extraWrites?: LedgerCommand['extraWrites'],
  ): Promise<LedgerOutcome> {
    return this.submit(ctx, 'release_sale_hold', input, async () => ({
      legs: [{ type: 'void', pendingId: input.holdId, purpose: salePurpose(input.module), leg: 'release' }],
      extraWrites,
    }));
  }

  async bonus(
    ctx: WriteContext,
    input: { accountId: string; amountCentiCredits: number; reason: string },
  ): Promise<LedgerOutcome> {
    return this.submit(ctx, 'bonus', input, async () => {
      positiveAmount('amountCentiCredits', input.amountCentiCredits);
      const account = await this.account(input.accountId, 'payee');
      return {
        legs: [
          {
            type: 'transfer',
            debit: ledgerAccount.bonusPool(),
            credit: ledgerAccount.wallet(account.id),
            amount: input.amountCentiCredits,
            leg: 'bonus',
          },
        ],
        facts: { reason: input.reason },
      };
    });
  }

  async transfer(
    ctx: WriteContext,
    input: { fromId: string; toId: string; amountCentiCredits: number },
  ): Promise<LedgerOutcome> {
    return this.submit(ctx, 'transfer', input, async () => {
      positiveAmount('amountCentiCredits', input.amountCentiCredits);
      if (input.fromId === input.toId)
        throw new AppError('VALIDATION_FAILED', 'a transfer needs two different wallets');
      const from = await this.account(input.fromId, 'payer');
      const to = await this.account(input.toId, 'payee');
      return {
        legs: [
          {
            type: 'transfer',
            debit: ledgerAccount.wallet(from.id),
            credit: ledgerAccount.wallet(to.id),
            amount: input.amountCentiCredits,
            leg: 'transfer',
          },
        ],
      };
    });
  }

  /**
   * Reserves credits for a booking or an order: counted against the available balance at once.
   * `sale` makes it a module sale's hold (a checkout, a stay), resolved only by that module's
   * flow (`settleSale`, `releaseSaleHold`); without it the hold is generic (the wallet API's).
   */
  async hold(
    ctx: WriteContext,
    input: {
      payerId: string;
      payeeId?: string | undefined;
      module: Module;
      amountCentiCredits: number;
      timeoutSeconds: number;
    },
    extraWrites?: LedgerCommand['extraWrites'],
    kind: 'generic' | 'sale' = 'generic',
  ): Promise<LedgerOutcome> {
    const purpose: HoldPurpose = kind === 'sale' ? salePurpose(input.module) : 'generic';
    return this.submit(ctx, 'hold', input, async () => {
      positiveAmount('amountCentiCredits', input.amountCentiCredits);
      positiveAmount('timeoutSeconds', input.timeoutSeconds);
      if (input.timeoutSeconds > maxHoldSeconds)
        throw new AppError('VALIDATION_FAILED', `a hold lasts at most ${String(maxHoldSeconds)} seconds`);
      const payer = await this.account(input.payerId, 'payer');
      const payee =
        input.payeeId === undefined
          ? ledgerAccount.revenue(input.module)
          : ledgerAccount.wallet((await this.account(input.payeeId, 'payee')).id);
      if (payee.code === `wallet:${payer.id}`) throw new AppError('VALIDATION_FAILED', 'payer and payee must differ');
      const timeoutAt = new Date(this.now().getTime() + input.timeoutSeconds * 1000);
      return {
        legs: [
          {
            type: 'transfer',
            debit: ledgerAccount.wallet(payer.id),
            credit: payee,
            amount: input.amountCentiCredits,
            leg: 'hold',
            pendingTimeoutAt: timeoutAt,
            holdPurpose: purpose,
          },
        ],
        facts: { module: input.module, createdBy: ctx.actor.accountId ?? ctx.actor.label },
        extraWrites,
      };
    });
  }

  /** Captures a generic hold; a module's hold (an order, a booking, a withdrawal) is not found here. */
  async capture(
    ctx: WriteContext,
    input: { holdId: string; amountCentiCredits?: number | undefined },
  ): Promise<LedgerOutcome> {
    return this.submit(ctx, 'capture', input, async () => {
      if (input.amountCentiCredits !== undefined) positiveAmount('amountCentiCredits', input.amountCentiCredits);
      return {
        legs: [
          {
            type: 'post',
            pendingId: input.holdId,
            purpose: 'generic',
            amount: input.amountCentiCredits,
            leg: 'capture',
          },
        ],
      };
    });
  }

  /** Releases a generic hold; a module's hold is not found here. */
  async release(ctx: WriteContext, input: { holdId: string }): Promise<LedgerOutcome> {
    return this.submit(ctx, 'release', input, async () => ({
      legs: [{ type: 'void', pendingId: input.holdId, purpose: 'generic', leg: 'release' }],
    }));
  }

  /** Voids every hold whose time has passed (run on a timer and by `ismail wallet expire-holds`). */
  async expireHolds(limit = 1000): Promise<{ expired: number }> {
    const { rows } = await this.db.pool.query<{ id: string; hold_purpose: HoldPurpose }>(
      `SELECT t.id, t.hold_purpose FROM ledger_transfers t WHERE t.phase = 'pending' AND t.timeout_at <= $1
       AND NOT EXISTS (SELECT 1 FROM ledger_transfers r WHERE r.pending_id = t.id) ORDER BY t.timeout_at LIMIT $2`,
      [this.now(), limit],
    );
    const outcomes = await Promise.allSettled(
      rows.map((r) =>
        this.submit(
          { actor: { label: 'system' }, scope: 'system', idempotencyKey: `expire-hold:${r.id}` },
          'expire_hold',
          { holdId: r.id },
          async () => ({
            // Expiry is the ledger's own, for holds of every purpose: it names the hold's own.
            legs: [{ type: 'void', pendingId: r.id, purpose: r.hold_purpose, leg: 'expiry', allowAfterTimeout: true }],
          }),
        ),
      ),
    );
    return { expired: outcomes.filter((o) => o.status === 'fulfilled' && !o.value.replayed).length };
  }

  /** A sales rep asks to withdraw: the credits are held until an admin pays out (capture) or refuses (void). */
  async requestWithdrawal(
    ctx: WriteContext,
    input: { accountId: string; amountCentiCredits: number; destinationMsisdn?: string },
  ): Promise<LedgerOutcome> {
    return this.submit(ctx, 'withdrawal_request', input, async () => {
      positiveAmount('amountCentiCredits', input.amountCentiCredits);
      const account = await this.account(input.accountId, 'payer');
      if (account.profile !== 'sales_rep') throw new AppError('FORBIDDEN', 'Only sales reps can request a withdrawal.');
      const timeoutAt = new Date(this.now().getTime() + withdrawalHoldSeconds * 1000);
      return {
        // Where the admin pays it out (a mobile-money number), kept with the request.
        ...(input.destinationMsisdn === undefined ? {} : { facts: { destinationMsisdn: input.destinationMsisdn } }),
        legs: [
          {
            type: 'transfer',
            debit: ledgerAccount.wallet(account.id),
            credit: ledgerAccount.withdrawalsPayable(),
            amount: input.amountCentiCredits,
            leg: 'withdrawal',
            pendingTimeoutAt: timeoutAt,
            holdPurpose: 'withdrawal',
          },
        ],
      };
    });
  }

  /**
   * An admin's decision on a withdrawal request: paid (the hold is captured into withdrawals
   * payable) or refused (released). The only way a withdrawal hold is resolved before it
   * lapses; the caller checks the decider is an admin (wallet-admin routes).
   */
  async decideWithdrawal(
    ctx: WriteContext,
    input: { holdId: string; decision: 'pay' | 'refuse' },
  ): Promise<LedgerOutcome> {
    return this.submit(ctx, 'withdrawal_decision', input, async () => ({
      legs: [
        input.decision === 'pay'
          ? { type: 'post', pendingId: input.holdId, purpose: 'withdrawal', leg: 'capture' }
          : { type: 'void', pendingId: input.holdId, purpose: 'withdrawal', leg: 'release' },
      ],
    }));
  }

  /**
   * Credit expiry under a policy (SPEC 3.5): a wallet with no movement for `idleDays` loses
   * its available credits to the expired-credits account. Keyed by the wallet's last
   * movement, so the same idle period expires once however often the job runs.
   */
  async expireIdleCredits(
    policy: { idleDays: number },
    limit = 1000,
  ): Promise<{ expired: number; centiCredits: number }> {
    positiveAmount('idleDays', policy.idleDays);
    const cutoff = new Date(this.now().getTime() - policy.idleDays * 86_400_000);
    const { rows } = await this.db.pool.query<{ owner: string; available: string; last_seq: string }>(
      `SELECT a.owner_account_id AS owner, a.credits_posted - a.debits_posted - a.debits_pending AS available, last.seq AS last_seq
       FROM ledger_accounts a
       CROSS JOIN LATERAL (SELECT max(t.seq) AS seq, max(t.created_at) AS at FROM ledger_transfers t WHERE t.debit_account_id = a.id OR t.credit_account_id = a.id) last
       WHERE a.kind = 'wallet' AND a.credits_posted - a.debits_posted - a.debits_pending > 0 AND last.at < $1
       ORDER BY a.id LIMIT $2`,
      [cutoff, limit],
    );
    let expired = 0;
    let centiCredits = 0;
    for (const row of rows) {
      const amount = Number(row.available);
      const outcome = await this.submit(
        { actor: { label: 'system' }, scope: 'system', idempotencyKey: `expire-credits:${row.owner}:${row.last_seq}` },
        'expire_credits',
        { accountId: row.owner, lastSeq: row.last_seq, amount },
        async () => ({
          legs: [
            {
              type: 'transfer',
              debit: ledgerAccount.wallet(row.owner),
              credit: ledgerAccount.expiredCredits(),
              amount,
              leg: 'expiry',
            },
          ],
          facts: { idleDays: policy.idleDays },
        }),
      ).catch((error: unknown) => {
        // Spent meanwhile: it is no longer idle; the next run looks again.
        if (error instanceof AppError && error.code === 'INSUFFICIENT_FUNDS') return undefined;
        throw error;
      });
      if (outcome !== undefined && !outcome.replayed) {
        expired++;
        centiCredits += amount;
      }
    }
    return { expired, centiCredits };
  }
}
