/**
 * Cash sessions at this counter (SPEC 3.8): opened with a float, closed with the counted cash
 * and a Z report. Every sale, credit note and cash top-up belongs to the session open when it
 * happened (the hub refuses them when none is), so the Z report accounts for all of them.
 *
 * Closing computes the report from the session's own rows (shared `zReport`), freezes the
 * session (SQLite triggers) and queues the report for the cloud in the same transaction.
 * Closing again with the same count answers the same report; another count is refused.
 */
import { randomUUID } from 'node:crypto';
import {
  AppError,
  computeTotals,
  hubDay,
  zReport,
  type HubPayment,
  type InvoiceDraft,
  type ZReport,
  type ZReportInput,
} from '@ismail/shared';
import type { HubPrincipal } from '../http/hub-auth.js';
import { appendHubAudit } from '../store/audit.js';
import type { HubDatabase } from '../store/open.js';
import type { Outbox } from '../sync/outbox.js';

export interface CashSession {
  readonly id: string;
  readonly number: number;
  readonly openedBy: { id: string; name: string };
  readonly openedAt: string;
  readonly floatXof: number;
  readonly closedAt: string | null;
  readonly countedXof: number | null;
  /** The Z report once closed; while open, the running figures (counted 0). */
  readonly report: ZReport;
  readonly synced: boolean;
}

interface SessionRow {
  id: string;
  number: number;
  opened_by: string;
  opened_by_name: string;
  opened_at: string;
  float_xof: number;
  closed_at: string | null;
  counted_xof: number | null;
  z_report: string | null;
  outbox_seq: number | null;
}

export class CashDesk {
  constructor(
    private readonly db: HubDatabase,
    private readonly outbox: Outbox,
  ) {}

  /** The open session's id, inside the caller's transaction; refuses when the drawer is closed. */
  requireOpen(): string {
    const row = this.db.prepare<[], { id: string }>('SELECT id FROM cash_sessions WHERE closed_at IS NULL').get();
    if (row === undefined) throw new AppError('CASH_SESSION_CLOSED');
    return row.id;
  }

  /**
   * Inside the caller's transaction: the cash this counter sold for credits on `at`'s UTC day,
   * plus `amountXof`, within the signed daily cash ceiling (the cloud refuses the rest).
   */
  requireCashCeiling(at: Date, amountXof: number, cashPerDayXof: number): void {
    const sold =
      this.db
        .prepare<[string], { s: number | null }>(
          'SELECT sum(amount_xof) AS s FROM cash_top_ups WHERE substr(at, 1, 10) = ?',
        )
        .get(hubDay(at))?.s ?? 0;
    if (sold + amountXof > cashPerDayXof) {
      throw new AppError(
        'CASH_TOP_UP_LIMIT_EXCEEDED',
        `Ce guichet peut vendre au plus ${String(cashPerDayXof)} FCFA de crédits en espèces par jour (déjà ${String(sold)} FCFA) : le cloud refuserait le reste.`,
      );
    }
  }

  open(input: { floatXof: number }, by: HubPrincipal): CashSession {
    return this.db
      .transaction(() => {
        const open = this.db
          .prepare<[], { number: number }>('SELECT number FROM cash_sessions WHERE closed_at IS NULL')
          .get();
        if (open !== undefined)
          throw new AppError('CONFLICT', `Cash session ${String(open.number)} is still open: close it first.`);
        const number =
          (this.db.prepare<[], { n: number | null }>('SELECT max(number) AS n FROM cash_sessions').get()?.n ?? 0) + 1;
        const id = randomUUID();
        this.db
          .prepare(
            'INSERT INTO cash_sessions (id, number, opened_by, opened_by_name, opened_at, float_xof) VALUES (?, ?, ?, ?, ?, ?)',
          )
          .run(id, number, by.accountId, by.name.slice(0, 200), this.outbox.clock.now().toISOString(), input.floatXof);
        appendHubAudit(this.db, {
          actor: by.accountId,
          action: 'cash.session_opened',
          detail: { number, floatXof: input.floatXof },
        });
        return this.get(id) as CashSession;
      })
      .immediate();
  }

  current(): CashSession | null {
    const row = this.db.prepare<[], { id: string }>('SELECT id FROM cash_sessions WHERE closed_at IS NULL').get();
    return row === undefined ? null : (this.get(row.id) ?? null);
  }

  close(
    input: { sessionId: string; countedXof: number },
    by: HubPrincipal,
  ): { created: boolean; session: CashSession } {
    return this.db
      .transaction(() => {
        const row = this.row(input.sessionId);
        if (row === undefined) throw new AppError('NOT_FOUND', 'No cash session with this id at this counter.');
        if (row.closed_at !== null) {
          if (row.counted_xof !== input.countedXof)
            throw new AppError('CONFLICT', `Cash session ${String(row.number)} was already closed with another count.`);
          return { created: false, session: this.get(row.id) as CashSession };
        }
        // A cashier closes their own drawer; someone else's needs a manager.
        if (by.role !== 'manager' && by.accountId !== row.opened_by)
          throw new AppError('FORBIDDEN', 'A manager must close a cash session someone else opened.');
        const closedAt = this.outbox.clock.now().toISOString();
        const report = this.figures(row, {
          closedAt,
          closedBy: { id: by.accountId, name: by.name.slice(0, 200) },
          countedXof: input.countedXof,
        });
        const seq = this.outbox.append('cash.session_closed', report, randomUUID(), new Date(closedAt));
        this.db
          .prepare('UPDATE cash_sessions SET closed_at = ?, counted_xof = ?, z_report = ?, outbox_seq = ? WHERE id = ?')
          .run(closedAt, input.countedXof, JSON.stringify(report), seq, row.id);
        appendHubAudit(this.db, {
          actor: by.accountId,
          action: 'cash.session_closed',
          detail: {
            number: row.number,
            expectedCashXof: report.expectedCashXof,
            countedXof: input.countedXof,
            differenceXof: report.differenceXof,
          },
        });
        return { created: true, session: this.get(row.id) as CashSession };
      })
      .immediate();
  }

  get(id: string): CashSession | undefined {
    const row = this.row(id);
    if (row === undefined) return undefined;
    const report =
      row.z_report === null
        ? this.figures(row, {
            closedAt: this.outbox.clock.now().toISOString(),
            closedBy: { id: row.opened_by, name: row.opened_by_name },
            countedXof: 0,
          })
        : (JSON.parse(row.z_report) as ZReport);
    const status =
      row.outbox_seq === null
        ? undefined
        : this.db.prepare<[number], { status: string }>('SELECT status FROM outbox WHERE seq = ?').get(row.outbox_seq)
            ?.status;
    return {
      id: row.id,
      number: row.number,
      openedBy: { id: row.opened_by, name: row.opened_by_name },
      openedAt: row.opened_at,
      floatXof: row.float_xof,
      closedAt: row.closed_at,
      countedXof: row.counted_xof,
      report,
      synced: status === 'applied' || status === 'duplicate',
    };
  }

  /** Newest first. */
  list(limit = 30): CashSession[] {
    return this.db
      .prepare<[number], { id: string }>('SELECT id FROM cash_sessions ORDER BY number DESC LIMIT ?')
      .all(Math.min(limit, 200))
      .map((r) => this.get(r.id) as CashSession);
  }

  private row(id: string): SessionRow | undefined {
    return this.db
      .prepare<[string], SessionRow>(
        'SELECT id, number, opened_by, opened_by_name, opened_at, float_xof, closed_at, counted_xof, z_report, outbox_seq FROM cash_sessions WHERE id = ?',
      )
      .get(id);
  }

  private figures(
    row: SessionRow,
    close: { closedAt: string; closedBy: { id: string; name: string }; countedXof: number },
  ): ZReport {
    const documents = this.db
      .prepare<
        [string],
        {
          kind: 'invoice' | 'credit_note';
          number: string;
          document: string;
          payment: string | null;
          refund: string | null;
        }
      >(
        `SELECT i.kind, i.number, i.document, s.payment, json_extract(o.payload, '$.refund') AS refund
         FROM hub_invoices i JOIN counter_sales s ON s.sale_id = i.sale_id JOIN outbox o ON o.seq = i.outbox_seq
         WHERE i.cash_session_id = ? ORDER BY i.outbox_seq`,
      )
      .all(row.id);
    const sales: ZReportInput['sales'][number][] = [];
    const creditNotes: ZReportInput['creditNotes'][number][] = [];
    for (const d of documents) {
      const totals = computeTotals(JSON.parse(d.document) as InvoiceDraft);
      if (d.kind === 'invoice') {
        const payment = JSON.parse(d.payment ?? '{"method":"cash"}') as HubPayment;
        sales.push({
          number: d.number,
          method: payment.method,
          netXof: totals.netXof,
          taxXof: totals.taxXof,
          grossXof: totals.grossXof,
          walletCentiCredits: payment.method === 'wallet' ? payment.amountCentiCredits : 0,
        });
      } else {
        const refund = JSON.parse(d.refund ?? '{"method":"cash"}') as
          { method: 'cash' } | { method: 'wallet'; amountCentiCredits: number };
        creditNotes.push({
          number: d.number,
          refund: refund.method,
          netXof: totals.netXof,
          taxXof: totals.taxXof,
          grossXof: totals.grossXof,
          walletRefundCentiCredits: refund.method === 'wallet' ? refund.amountCentiCredits : 0,
        });
      }
    }
    const cashTopUps = this.db
      .prepare<[string], { amountXof: number }>(
        'SELECT amount_xof AS amountXof FROM cash_top_ups WHERE cash_session_id = ? ORDER BY outbox_seq',
      )
      .all(row.id);
    return zReport({
      session: {
        id: row.id,
        number: row.number,
        openedAt: row.opened_at,
        openedBy: { id: row.opened_by, name: row.opened_by_name },
        floatXof: row.float_xof,
      },
      ...close,
      sales,
      creditNotes,
      cashTopUps,
    });
  }
}
