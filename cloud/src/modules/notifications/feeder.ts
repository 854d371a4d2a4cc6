/**
 * Turns what already happened into notifications, without coupling business code to them:
 * identity and card events are read from the audit log (committed with the change they
 * describe: a transactional outbox for free), wallet events from the ledger's group
 * commits. Each source row gives a fixed event key (`audit:<seq>`, `ledger:<transfer id>`),
 * so reading a row twice notifies once.
 *
 * Never skips a late commit. Audit entries are numbered under the chain's lock, held until
 * commit, so their numbers follow commit order and a remembered number is a safe cursor.
 * Ledger batch ids are drawn under that lock too, but the feeder does not rely on it: it
 * remembers the database snapshot it last read at and next reads the batches whose writing
 * transaction that snapshot did not see committed (migration 0030), whatever their ids.
 */
import {
  centiCreditsToXof,
  defaultCreditRates,
  walletDebitAlertCentiCredits,
  type NotificationEventType,
} from '@ismail/shared';
import type { Database } from '../../platform/db/database.js';
import type { NotificationEvent, NotificationService } from './service.js';
import { credits, debitLabels, providerLabels } from './feeder-labels.js';

/** Rows read per feed per tick: bounded work, bounded memory. */
const rowsPerTick = 200;

interface LedgerCursor {
  /** The highest batch id delivered (what the cursor counted before migration 0030). */
  readonly position: number;
  /** The snapshot everything before was delivered at (null until the first read after 0030). */
  readonly seen: string | null;
  /** A read cut into pages: the snapshot it reads up to, and the last batch id delivered. */
  readonly pageEnd: string | null;
  readonly pageAfter: number | null;
}

/** How a top-up's provider is named in the client's message. */

export class NotificationFeeder {
  private running = false;

  constructor(
    private readonly db: Database,
    private readonly notifications: NotificationService,
  ) {}

  private async cursor(feed: 'audit'): Promise<number> {
    const { rows } = await this.db.pool.query<{ position: string }>(
      'SELECT position FROM notification_feed_cursors WHERE feed = $1',
      [feed],
    );
    if (rows[0] !== undefined) return Number(rows[0].position);
    // A new installation starts from now: history is not announced.
    const start = await this.db.pool.query<{ p: string | null }>('SELECT max(seq) AS p FROM audit_log');
    const position = Number(start.rows[0]?.p ?? 0);
    await this.db.pool.query(
      'INSERT INTO notification_feed_cursors (feed, position) VALUES ($1, $2) ON CONFLICT DO NOTHING',
      [feed, position],
    );
    return position;
  }

  private async advance(feed: string, position: number): Promise<void> {
    await this.db.pool.query('UPDATE notification_feed_cursors SET position = $2 WHERE feed = $1 AND position < $2', [
      feed,
      position,
    ]);
  }

  /** Reads what is new; returns how many events were emitted. Ticks never overlap. */
  async tick(signal?: AbortSignal): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    try {
      // Aborted (the cloud stopping), a tick ends at its next event: its cursor has not passed
      // what was not handled, and an event emitted again next tick is dropped by its key.
      return (await this.fromAudit(signal)) + (await this.fromLedger(signal));
    } finally {
      this.running = false;
    }
  }

  private async fromAudit(signal?: AbortSignal): Promise<number> {
    const after = await this.cursor('audit');
    const { rows } = await this.db.pool.query<{
      seq: string;
      action: string;
      subject_id: string;
      detail: { ismailId?: string; reason?: string; expiresAt?: string };
    }>(
      `SELECT seq, action, subject_id, detail FROM audit_log
       WHERE seq > $1 AND action IN ('account.activated', 'card.issued', 'card.suspended', 'card.revoked', 'invoice.issued', 'invoice.certified', 'shop.stock_low', 'device.alarm') ORDER BY seq LIMIT $2`,
      [after, rowsPerTick],
    );
    let emitted = 0;
    for (const row of rows) {
      signal?.throwIfAborted();
      const event = await this.auditEvent(row);
      if (event !== null) {
        await this.notifications.emit(event);
        emitted++;
      }
      await this.advance('audit', Number(row.seq));
    }
    if (rows.length < rowsPerTick) {
      // Nothing of interest further on: skip ahead past unrelated entries.
      const last = await this.db.pool.query<{ p: string | null }>('SELECT max(seq) AS p FROM audit_log');
      await this.advance('audit', Number(last.rows[0]?.p ?? after));
    }
    return emitted;
  }

  private async auditEvent(row: {
    seq: string;
    action: string;
    subject_id: string;
    detail: { ismailId?: string; reason?: string; expiresAt?: string };
  }): Promise<NotificationEvent | null> {
    const key = `audit:${row.seq}`;
    if (row.action === 'account.activated') {
      const who = await this.db.pool.query<{ first_name: string | null; display_name: string }>(
        'SELECT first_name, display_name FROM accounts WHERE id = $1',
        [row.subject_id],
      );
      const account = who.rows[0];
      if (account === undefined || row.detail.ismailId === undefined) return null;
      return {
        key,
        type: 'account.activated',
        recipientId: row.subject_id,
        data: { firstName: account.first_name ?? account.display_name, ismailId: row.detail.ismailId },
      };
    }
    if (row.action === 'invoice.issued' || row.action === 'invoice.certified')
      return this.invoiceEvent(key, row.action, row.subject_id);
    if (row.action === 'shop.stock_low')
      return this.stockEvent(key, row.subject_id, row.detail as { place?: string; quantity?: number });
    if (row.action === 'device.alarm')
      return this.alarmEvent(key, row.subject_id, row.detail as { deviceName?: string; kind?: string; at?: string });
    const card = await this.db.pool.query<{
      account_id: string;
      first_name: string | null;
      display_name: string;
      ismail_id: string | null;
      expires_at: Date;
      cards: string;
    }>(
      `SELECT c.account_id, a.first_name, a.display_name, a.ismail_id, c.expires_at, (SELECT count(*) FROM cards x WHERE x.account_id = c.account_id) AS cards
       FROM cards c JOIN accounts a ON a.id = c.account_id WHERE c.id = $1`,
      [row.subject_id],
    );
    const holder = card.rows[0];
    if (holder === undefined || holder.ismail_id === null) return null;
    const firstName = holder.first_name ?? holder.display_name;
    if (row.action === 'card.issued') {
      const type: NotificationEventType = Number(holder.cards) > 1 ? 'card.renewed' : 'card.issued';
      return {
        key,
        type,
        recipientId: holder.account_id,
        data: { firstName, ismailId: holder.ismail_id, expiresOn: holder.expires_at.toISOString().slice(0, 10) },
      };
    }
    const type = row.action === 'card.suspended' ? 'card.suspended' : 'card.revoked';
    return {
      key,
      type,
      recipientId: holder.account_id,
      data: { firstName, ismailId: holder.ismail_id, reason: row.detail.reason ?? '—' },
    };
  }

  /** Told at once to the establishment (the hub's partner) whose alarm went off. */
  private async alarmEvent(
    key: string,
    hubId: string,
    detail: { deviceName?: string; kind?: string; at?: string },
  ): Promise<NotificationEvent | null> {
    const { rows } = await this.db.pool.query<{
      partner_id: string;
      name: string;
      first_name: string | null;
      display_name: string;
    }>(
      'SELECT h.partner_id, h.name, a.first_name, a.display_name FROM hubs h JOIN accounts a ON a.id = h.partner_id WHERE h.id = $1',
      [hubId],
    );
    const hub = rows[0];
    if (hub === undefined || detail.deviceName === undefined || detail.kind === undefined) return null;
    return {
      key,
      type: 'device.alarm',
      recipientId: hub.partner_id,
      data: {
        firstName: hub.first_name ?? hub.display_name,
        deviceName: detail.deviceName,
        place: hub.name,
        kind: detail.kind,
        at: detail.at ?? '',
      },
    };
  }

  /** Told to the merchant whose product fell to its low-stock threshold. */
  private async stockEvent(
    key: string,
    productId: string,
    detail: { place?: string; quantity?: number },
  ): Promise<NotificationEvent | null> {
    const { rows } = await this.db.pool.query<{
      partner_id: string;
      name: string;
      first_name: string | null;
      display_name: string;
    }>(
      'SELECT p.partner_id, p.name, a.first_name, a.display_name FROM shop_products p JOIN accounts a ON a.id = p.partner_id WHERE p.id = $1',
      [productId],
    );
    const product = rows[0];
    if (product === undefined || detail.place === undefined || detail.quantity === undefined) return null;
    return {
      key,
      type: 'shop.stock_low',
      recipientId: product.partner_id,
      data: {
        firstName: product.first_name ?? product.display_name,
        productName: product.name,
        place: detail.place,
        quantity: detail.quantity,
      },
    };
  }

  /** Told to the ISMAIL account the invoice concerns; an invoice to a walk-in customer tells no one. */
  private async invoiceEvent(
    key: string,
    action: 'invoice.issued' | 'invoice.certified',
    invoiceId: string,
  ): Promise<NotificationEvent | null> {
    const { rows } = await this.db.pool.query<{
      recipient_account_id: string | null;
      number: string | null;
      gross_xof: number | null;
      qr_data: string | null;
      first_name: string | null;
      display_name: string | null;
    }>(
      `SELECT i.recipient_account_id, i.number, (i.totals->>'grossXof')::bigint AS gross_xof, i.qr_data, a.first_name, a.display_name
       FROM invoices i LEFT JOIN accounts a ON a.id = i.recipient_account_id WHERE i.id = $1`,
      [invoiceId],
    );
    const invoice = rows[0];
    if (invoice?.recipient_account_id == null || invoice.number === null) return null;
    const firstName = invoice.first_name ?? invoice.display_name ?? 'client';
    if (action === 'invoice.issued') {
      return {
        key,
        type: 'invoice.issued',
        recipientId: invoice.recipient_account_id,
        data: { firstName, invoiceNumber: invoice.number, totalXof: Number(invoice.gross_xof ?? 0) },
      };
    }
    if (invoice.qr_data === null) return null;
    return {
      key,
      type: 'invoice.certified',
      recipientId: invoice.recipient_account_id,
      data: { firstName, invoiceNumber: invoice.number, verificationUrl: invoice.qr_data },
    };
  }

  /** The ledger feed's cursor: see the file header and migration 0030. */
  private async ledgerCursor(): Promise<LedgerCursor> {
    const read = async () =>
      (
        await this.db.pool.query<{
          position: string;
          seen: string | null;
          page_end: string | null;
          page_after: string | null;
        }>(
          "SELECT position, seen::text AS seen, page_end::text AS page_end, page_after FROM notification_feed_cursors WHERE feed = 'ledger'",
        )
      ).rows[0];
    const row = await read();
    if (row !== undefined)
      return {
        position: Number(row.position),
        seen: row.seen,
        pageEnd: row.page_end,
        pageAfter: row.page_after === null ? null : Number(row.page_after),
      };
    // A new installation starts from now: history is not announced.
    await this.db.pool.query(
      "INSERT INTO notification_feed_cursors (feed, position, seen) SELECT 'ledger', coalesce(max(id), 0), pg_current_snapshot() FROM ledger_batches ON CONFLICT DO NOTHING",
    );
    const created = await read();
    if (created === undefined) throw new Error('the ledger feed cursor was not created');
    return {
      position: Number(created.position),
      seen: created.seen,
      pageEnd: created.page_end,
      pageAfter: created.page_after === null ? null : Number(created.page_after),
    };
  }

  private async fromLedger(signal?: AbortSignal): Promise<number> {
    const cursor = await this.ledgerCursor();
    // Read up to the snapshot taken now (or the one a paged read started at): batches that
    // commit after it are left to the next read, which starts from it.
    const upTo =
      cursor.pageEnd ?? (await this.db.pool.query<{ s: string }>('SELECT pg_current_snapshot()::text AS s')).rows[0]?.s;
    if (upTo === undefined) throw new Error('no snapshot');
    // Not yet delivered: batches whose writer `seen` did not see committed (or, on a cursor
    // from before migration 0030, batches past its id), that `upTo` sees.
    const unseen =
      cursor.seen === null
        ? 'id > $1'
        : 'writer_xid >= pg_snapshot_xmin($1::pg_snapshot) AND NOT pg_visible_in_snapshot(writer_xid, $1::pg_snapshot)';
    const { rows: batches } = await this.db.pool.query<{ id: string }>(
      `SELECT id FROM ledger_batches WHERE ${unseen} AND pg_visible_in_snapshot(writer_xid, $2::pg_snapshot) AND id > $3 ORDER BY id LIMIT $4`,
      [cursor.seen ?? cursor.position, upTo, cursor.pageAfter ?? 0, rowsPerTick],
    );
    const ids = batches.map((b) => Number(b.id));
    const { rows } = await this.db.pool.query<{
      id: string;
      kind: string;
      leg: string;
      amount: string;
      debit_kind: string;
      debit_owner: string | null;
      credit_kind: string;
      credit_owner: string | null;
      facts: { amountXof?: number; provider?: string; hubId?: string } | null;
      first_name: string | null;
      display_name: string | null;
      country: string | null;
    }>(
      `SELECT t.id, o.kind, t.leg, t.amount, d.kind AS debit_kind, d.owner_account_id AS debit_owner, c.kind AS credit_kind, c.owner_account_id AS credit_owner, o.facts,
              a.first_name, a.display_name, a.country
       FROM ledger_operations o JOIN ledger_transfers t ON t.operation_id = o.id
       JOIN ledger_accounts d ON d.id = t.debit_account_id JOIN ledger_accounts c ON c.id = t.credit_account_id
       LEFT JOIN accounts a ON a.id = CASE WHEN t.leg = 'top_up' THEN c.owner_account_id ELSE d.owner_account_id END
       WHERE o.batch_id = ANY($1::bigint[])
         AND ((t.leg = 'top_up' AND c.kind = 'wallet') OR (d.kind = 'wallet' AND t.phase IN ('single', 'post') AND t.amount >= $2))
       ORDER BY t.seq`,
      [ids, walletDebitAlertCentiCredits],
    );
    let emitted = 0;
    for (const row of rows) {
      signal?.throwIfAborted();
      const firstName = row.first_name ?? row.display_name ?? 'client';
      const amount = Number(row.amount);
      if (row.leg === 'top_up' && row.credit_owner !== null) {
        const channel =
          row.kind === 'buy_credits_mobile_money'
            ? (providerLabels[String(row.facts?.provider)] ?? 'mobile money')
            : 'espèces';
        // Top-ups record the francs paid; the default rate is only a fallback for the message.
        const country = row.country ?? 'CI';
        const rate = defaultCreditRates[country] ?? defaultCreditRates.CI ?? 1;
        await this.notifications.emit({
          key: `ledger:${row.id}`,
          type: 'wallet.credits_bought',
          recipientId: row.credit_owner,
          data: {
            firstName,
            credits: credits(amount),
            amountXof: row.facts?.amountXof ?? centiCreditsToXof(amount, { country, xofPerCredit: rate }),
            channel,
          },
        });
        emitted++;
      } else if (row.debit_owner !== null && row.leg !== 'top_up') {
        await this.notifications.emit({
          key: `ledger:${row.id}`,
          type: 'wallet.debited_above_threshold',
          recipientId: row.debit_owner,
          data: { firstName, credits: credits(amount), what: debitLabels[row.kind] ?? 'opération' },
        });
        emitted++;
      }
    }
    const highest = Math.max(cursor.position, ...ids);
    if (batches.length < rowsPerTick) {
      // Everything the snapshot saw is delivered: the next read starts from it.
      await this.db.pool.query(
        "UPDATE notification_feed_cursors SET position = $1, seen = $2::pg_snapshot, page_end = NULL, page_after = NULL WHERE feed = 'ledger'",
        [highest, upTo],
      );
    } else {
      await this.db.pool.query(
        "UPDATE notification_feed_cursors SET position = $1, page_end = $2::pg_snapshot, page_after = $3 WHERE feed = 'ledger'",
        [highest, upTo, ids.at(-1)],
      );
    }
    return emitted;
  }
}
