/**
 * Buying credits with mobile money (SPEC 3.5, research 5.9). A top-up is recorded before the
 * provider is called, so nothing paid can go unrecorded; credits are granted by one ledger
 * operation keyed by the provider's reference (at most once, whatever arrives twice), and
 * only after the cloud itself read a success with the right amount from the provider.
 * Webhooks and callbacks only make the cloud look sooner; a poller settles what they miss.
 */
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { AppError, xofToCentiCredits } from '@ismail/shared';
import type { Database } from '../../platform/db/database.js';
import type { WalletOperations } from '../wallet/operations.js';
import { creditRateAt } from '../wallet/rates.js';
import { ProviderUnavailableError, type MobileMoneyProvider, type ProviderName } from './provider.js';
import type { WaveProvider } from './wave.js';

export const topUpMinXof = 100;
export const topUpMaxXof = 2_000_000;
/** A pending top-up older than this is asked about by the poller. */
export const pollAfterMs = 5_000;

export interface TopUpView {
  readonly paymentId: string;
  readonly provider: ProviderName;
  readonly status: 'pending' | 'succeeded' | 'failed';
  readonly amountXof: number;
  readonly centiCredits: number;
  readonly redirectUrl: string | null;
  readonly failure: string | null;
  readonly operationId: string | null;
}

interface PaymentRow {
  id: string;
  provider: ProviderName;
  provider_ref: string | null;
  account_id: string;
  amount_xof: number;
  credits: string;
  payer_msisdn: string | null;
  status: 'pending' | 'succeeded' | 'failed';
  failure: string | null;
  redirect_url: string | null;
  granted_operation_id: string | null;
}

function view(row: PaymentRow): TopUpView {
  return {
    paymentId: row.id,
    provider: row.provider,
    status: row.status,
    amountXof: row.amount_xof,
    centiCredits: Number(row.credits),
    redirectUrl: row.redirect_url,
    failure: row.failure,
    operationId: row.granted_operation_id,
  };
}

const tokenDigest = (token: string): Buffer => createHash('sha256').update(token).digest();

export type Providers = Partial<Record<ProviderName, MobileMoneyProvider>>;

export class MobileMoneyTopUps {
  constructor(
    private readonly db: Database,
    private readonly ops: WalletOperations,
    private readonly providers: Providers,
  ) {}

  private provider(name: ProviderName): MobileMoneyProvider {
    const provider = this.providers[name];
    if (provider === undefined)
      throw new AppError('VALIDATION_FAILED', `mobile money provider ${name} is not configured`);
    return provider;
  }

  private async row(paymentId: string): Promise<PaymentRow | undefined> {
    const { rows } = await this.db.pool.query<PaymentRow>('SELECT * FROM mobile_money_payments WHERE id = $1', [
      paymentId,
    ]);
    return rows[0];
  }

  async start(input: {
    accountId: string;
    provider: ProviderName;
    amountXof: number;
    payerMsisdn?: string | undefined;
    idempotencyKey: string;
  }): Promise<TopUpView> {
    const provider = this.provider(input.provider);
    if (!Number.isSafeInteger(input.amountXof) || input.amountXof < topUpMinXof || input.amountXof > topUpMaxXof) {
      throw new AppError(
        'VALIDATION_FAILED',
        `amountXof must be a whole number from ${String(topUpMinXof)} to ${String(topUpMaxXof)}`,
      );
    }
    if (input.provider === 'momo' && input.payerMsisdn === undefined)
      throw new AppError('VALIDATION_FAILED', 'payerMsisdn is required for MTN MoMo');
    const { rows: accounts } = await this.db.pool.query<{ country: string; status: string }>(
      'SELECT country, status FROM accounts WHERE id = $1',
      [input.accountId],
    );
    const account = accounts[0];
    if (account === undefined) throw new AppError('NOT_FOUND', 'No such account.');
    if (account.status === 'closed') throw new AppError('ACCOUNT_NOT_ACTIVE');
    const rate = await creditRateAt(this.db.pool, account.country);
    const credits = xofToCentiCredits(input.amountXof, rate);

    const inserted = await this.db.pool.query<PaymentRow>(
      `INSERT INTO mobile_money_payments (id, provider, account_id, idempotency_key, amount_xof, credits, payer_msisdn, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending') ON CONFLICT (account_id, idempotency_key) DO NOTHING RETURNING *`,
      [
        randomUUID(),
        input.provider,
        input.accountId,
        input.idempotencyKey,
        input.amountXof,
        credits,
        input.payerMsisdn ?? null,
      ],
    );
    let row = inserted.rows[0];
    if (row === undefined) {
      const { rows } = await this.db.pool.query<PaymentRow>(
        'SELECT * FROM mobile_money_payments WHERE account_id = $1 AND idempotency_key = $2',
        [input.accountId, input.idempotencyKey],
      );
      row = rows[0];
      if (row === undefined) throw new Error('top-up vanished');
      if (
        row.provider !== input.provider ||
        row.amount_xof !== input.amountXof ||
        row.payer_msisdn !== (input.payerMsisdn ?? null)
      )
        throw new AppError('IDEMPOTENCY_KEY_REUSED');
      // Started already: the same answer. Not started (the provider failed last time): try again.
      if (row.provider_ref !== null || row.status !== 'pending') return view(row);
    }
    try {
      // Our payment id is the provider's idempotency key: a retry cannot open a second payment.
      const started = await provider.start({
        paymentId: row.id,
        amountXof: input.amountXof,
        payerMsisdn: input.payerMsisdn,
      });
      const { rows } = await this.db.pool.query<PaymentRow>(
        'UPDATE mobile_money_payments SET provider_ref = $2, redirect_url = $3, notification_token_sha256 = $4, updated_at = now() WHERE id = $1 RETURNING *',
        [
          row.id,
          started.providerRef,
          started.redirectUrl,
          started.notificationToken === undefined ? null : tokenDigest(started.notificationToken),
        ],
      );
      return view(rows[0] ?? row);
    } catch (error) {
      if (error instanceof ProviderUnavailableError) throw new AppError('PAYMENT_PROVIDER_UNAVAILABLE');
      throw error;
    }
  }

  async get(paymentId: string, accountId: string): Promise<TopUpView> {
    const row = await this.row(paymentId);
    if (row?.account_id !== accountId) throw new AppError('NOT_FOUND', 'No such top-up.');
    return row.status === 'pending' ? this.settle(row.id) : view(row);
  }

  /** Asks the provider and grants or fails the top-up. Safe to call any number of times, concurrently. */
  async settle(paymentId: string): Promise<TopUpView> {
    const row = await this.row(paymentId);
    if (row === undefined) throw new AppError('NOT_FOUND', 'No such top-up.');
    if (row.status !== 'pending' || row.provider_ref === null) return view(row);
    const providerRef = row.provider_ref;
    let status;
    try {
      status = await this.provider(row.provider).status(providerRef, { paymentId: row.id, amountXof: row.amount_xof });
    } catch (error) {
      if (error instanceof ProviderUnavailableError) return view(row); // still pending; the poller asks again
      throw error;
    }
    if (status.status === 'pending') return view(row);
    if (status.status === 'succeeded' && status.amountXof === row.amount_xof && status.currency === 'XOF') {
      await this.ops.grantMobileMoney(
        {
          provider: row.provider,
          providerRef,
          accountId: row.account_id,
          amountXof: row.amount_xof,
          centiCredits: Number(row.credits),
        },
        async (client, result) => {
          await client.query(
            "UPDATE mobile_money_payments SET status = 'succeeded', granted_operation_id = $2, updated_at = now() WHERE id = $1 AND status = 'pending'",
            [row.id, result.operationId],
          );
        },
      );
    } else {
      // A success for another amount is not this payment: never grant it; an admin reconciles.
      const reason =
        status.status === 'failed'
          ? status.reason
          : `provider reported ${String(status.amountXof)} ${status.currency}, expected ${String(row.amount_xof)} XOF`;
      await this.db.pool.query(
        "UPDATE mobile_money_payments SET status = 'failed', failure = $2, updated_at = now() WHERE id = $1 AND status = 'pending'",
        [row.id, reason.slice(0, 200)],
      );
    }
    const settled = await this.row(paymentId);
    if (settled === undefined) throw new Error('top-up vanished');
    return view(settled);
  }

  /**
   * A Wave webhook: refused unless signed by Wave within the time window; then the payment
   * it names is settled by asking Wave. Returns what happened, for the log.
   */
  async onWaveWebhook(
    rawBody: Buffer,
    signatureHeader: string | undefined,
  ): Promise<{ outcome: 'settled' | 'duplicate' | 'unknown_payment' | 'ignored'; status?: string }> {
    const wave = this.providers.wave as WaveProvider | undefined;
    if (wave === undefined) throw new AppError('NOT_FOUND', 'Wave is not configured.');
    const event = wave.verifyWebhook(rawBody, signatureHeader);
    if (event === null) throw new AppError('PAYMENT_SIGNATURE_INVALID');
    const seen = await this.db.pool.query(
      "SELECT 1 FROM mobile_money_events WHERE provider = 'wave' AND event_id = $1",
      [event.id],
    );
    if (seen.rows.length > 0) return { outcome: 'duplicate' };
    if (event.type !== 'checkout.session.completed' && event.type !== 'checkout.session.payment_failed') {
      await this.recordEvent('wave', event.id, 'ignored');
      return { outcome: 'ignored' };
    }
    const { rows } = await this.db.pool.query<{ id: string }>(
      "SELECT id FROM mobile_money_payments WHERE provider = 'wave' AND provider_ref = $1",
      [event.data.id],
    );
    const payment = rows[0];
    if (payment === undefined) {
      await this.recordEvent('wave', event.id, 'unknown_payment');
      return { outcome: 'unknown_payment' };
    }
    const settled = await this.settle(payment.id);
    // Recorded only after settling: a crash in between means Wave's retry settles it again.
    await this.recordEvent('wave', event.id, settled.status);
    return { outcome: 'settled', status: settled.status };
  }

  /**
   * Whether an unsigned notification carries the token the provider gave for this payment
   * (Orange's notif_token), compared in constant time. False for an unknown payment.
   */
  async notificationTokenMatches(provider: ProviderName, paymentId: string, token: string): Promise<boolean> {
    const { rows } = await this.db.pool.query<{ notification_token_sha256: Buffer | null }>(
      'SELECT notification_token_sha256 FROM mobile_money_payments WHERE id = $1 AND provider = $2',
      [paymentId, provider],
    );
    const stored = rows[0]?.notification_token_sha256;
    // Both sides are SHA-256 digests, so the lengths match and the comparison time says nothing.
    if (stored === undefined || stored === null || stored.length !== 32) return false;
    return timingSafeEqual(Buffer.from(stored), tokenDigest(token));
  }

  private async recordEvent(provider: ProviderName, eventId: string, outcome: string): Promise<void> {
    await this.db.pool.query(
      'INSERT INTO mobile_money_events (provider, event_id, outcome) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
      [provider, eventId.slice(0, 100), outcome],
    );
  }

  /** Settles top-ups whose webhook or callback has not come (or never will). */
  async settlePending(limit = 100): Promise<number> {
    const { rows } = await this.db.pool.query<{ id: string }>(
      "SELECT id FROM mobile_money_payments WHERE status = 'pending' AND provider_ref IS NOT NULL AND created_at < now() - make_interval(secs => $1) ORDER BY created_at LIMIT $2",
      [pollAfterMs / 1000, limit],
    );
    let settled = 0;
    for (const row of rows) {
      const result = await this.settle(row.id);
      if (result.status !== 'pending') settled++;
    }
    return settled;
  }
}
