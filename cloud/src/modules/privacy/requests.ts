/**
 * Rectification and erasure requests (issue 27): the person files one, an administrator decides it. An erasure decided
 * 'done' runs the erasure in the decision's own transaction (request row and account row locked first), so a decision
 * is applied completely or not at all, and deciding twice finds the request already decided.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { AppError } from '@ismail/shared';
import { appendAudit } from '../../platform/audit/audit-log.js';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import type { DocumentStore } from '../../platform/documents/types.js';
import type { KycStore } from '../kyc/documents.js';
import type { NotificationService } from '../notifications/service.js';
import { eraseAccount } from './erasure.js';
import { openObligations } from './obligations.js';
import { personalDataRegistry } from './registry.js';

export type RequestKind = 'rectification' | 'erasure';
export interface PrivacyRequestView {
  readonly id: string;
  readonly accountId: string;
  readonly kind: RequestKind;
  readonly details: string;
  readonly status: 'open' | 'done' | 'refused';
  readonly note: string | null;
  readonly createdAt: string;
  readonly decidedAt: string | null;
  /** Who asked, for the admin deciding (their display name; a pseudonym once erased); only in the lists. */
  readonly accountName?: string | null;
}

interface Row {
  id: string;
  account_id: string;
  kind: RequestKind;
  details: string;
  status: 'open' | 'done' | 'refused';
  note: string | null;
  created_at: Date;
  decided_at: Date | null;
  account_name?: string | null;
}
const view = (r: Row): PrivacyRequestView => ({
  id: r.id,
  accountId: r.account_id,
  kind: r.kind,
  details: r.details,
  status: r.status,
  note: r.note,
  createdAt: r.created_at.toISOString(),
  decidedAt: r.decided_at?.toISOString() ?? null,
  ...(r.account_name === undefined ? {} : { accountName: r.account_name }),
});
const columns = 'id, account_id, kind, details, status, note, created_at, decided_at';
const what = (kind: RequestKind) => (kind === 'erasure' ? 'Demande d’effacement' : 'Demande de rectification');

export interface RequestDeps {
  readonly db: Database;
  readonly notifications: NotificationService;
  readonly kyc: KycStore;
  readonly store: DocumentStore | undefined;
  readonly pseudonymKey: Buffer;
  readonly now: () => Date;
  readonly link: string;
}

async function notify(deps: RequestDeps, client: pg.PoolClient, r: Row, status: string, step: string) {
  const { rows } = await client.query<{ first_name: string | null; display_name: string }>(
    'SELECT first_name, display_name FROM accounts WHERE id = $1',
    [r.account_id],
  );
  const name = rows[0]?.first_name ?? rows[0]?.display_name ?? '';
  await deps.notifications.emit(
    {
      key: `privacy:${r.id}:${step}`,
      type: 'privacy.request_update',
      recipientId: r.account_id,
      data: { firstName: name.slice(0, 100), what: what(r.kind), status: status.slice(0, 300), link: deps.link },
    },
    client,
  );
}

export async function fileRequest(
  deps: RequestDeps,
  accountId: string,
  kind: RequestKind,
  details: string,
): Promise<PrivacyRequestView> {
  return withTransaction(deps.db.pool, async (client) => {
    // One open request per kind: the unique index settles a race; the loser gets the first one back.
    const inserted = await client.query<Row>(
      `INSERT INTO privacy_requests (id, account_id, kind, details, created_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (account_id, kind) WHERE status = 'open' DO NOTHING RETURNING ${columns}`,
      [randomUUID(), accountId, kind, details, deps.now()],
    );
    const row = inserted.rows[0];
    if (row === undefined) {
      const { rows } = await client.query<Row>(
        `SELECT ${columns} FROM privacy_requests WHERE account_id = $1 AND kind = $2 AND status = 'open'`,
        [accountId, kind],
      );
      if (rows[0] === undefined) throw new AppError('CONFLICT', 'Réessayez : la demande vient d’être décidée.');
      return view(rows[0]);
    }
    await appendAudit(client, {
      actor: { accountId, label: accountId },
      action: 'privacy.request_filed',
      subject: { type: 'privacy_request', id: row.id },
      place: 'cloud',
      detail: { kind },
    });
    await notify(deps, client, row, 'reçue, elle sera traitée sous un mois.', 'filed');
    return view(row);
  });
}

export async function requestsOf(
  db: Database,
  accountId: string | null,
  status?: string,
): Promise<PrivacyRequestView[]> {
  const { rows } = await db.pool.query<Row>(
    `SELECT ${columns}, (SELECT a.display_name FROM accounts a WHERE a.id = account_id) AS account_name
       FROM privacy_requests WHERE ($1::uuid IS NULL OR account_id = $1)
       AND ($2::text IS NULL OR status = $2) ORDER BY created_at DESC, id LIMIT 200`,
    [accountId, status ?? null],
  );
  return rows.map(view);
}

export async function decideRequest(
  deps: RequestDeps,
  adminId: string,
  requestId: string,
  decision: 'done' | 'refused',
  note: string,
): Promise<PrivacyRequestView> {
  const kycToRemove: string[] = [];
  const decided = await withTransaction(deps.db.pool, async (client) => {
    const { rows } = await client.query<Row>(`SELECT ${columns} FROM privacy_requests WHERE id = $1 FOR UPDATE`, [
      requestId,
    ]);
    const r = rows[0];
    if (r === undefined) throw new AppError('NOT_FOUND', 'Cette demande n’existe pas.');
    if (r.status !== 'open') throw new AppError('CONFLICT', 'Cette demande a déjà été décidée.');
    let detail: Record<string, unknown> = { kind: r.kind, decision };
    if (r.kind === 'erasure' && decision === 'done') {
      // The account's row lock: a payment or an order taken meanwhile waits, then finds the account closed.
      await client.query('SELECT 1 FROM accounts WHERE id = $1 FOR UPDATE', [r.account_id]);
      const reasons = await openObligations(client, r.account_id);
      if (reasons.length > 0)
        throw new AppError('CONFLICT', `Effacement impossible pour l’instant : ${reasons.join(' ')}`);
      // Told before the erasure: afterwards there is nobody to tell (the notification is erased with the rest).
      const result = await eraseAccount(client, {
        accountId: r.account_id,
        pseudonymKey: deps.pseudonymKey,
        registry: personalDataRegistry,
        store: deps.store,
      });
      kycToRemove.push(...result.kycDocumentIds);
      detail = { ...detail, counts: result.counts, documentsErased: result.documentsErased };
    }
    const updated = await client.query<Row>(
      `UPDATE privacy_requests SET status = $2, decided_by = $3, decided_at = $4, note = $5 WHERE id = $1
       RETURNING ${columns}`,
      [requestId, decision, adminId, deps.now(), note === '' ? null : note],
    );
    const row = updated.rows[0] as Row;
    // Counts and kinds only: never a personal value in the audit chain.
    await appendAudit(client, {
      actor: { accountId: adminId, label: adminId },
      action: r.kind === 'erasure' && decision === 'done' ? 'privacy.erasure' : 'privacy.request_decided',
      subject: { type: 'account', id: r.account_id },
      place: 'cloud',
      detail: { requestId, ...detail },
    });
    if (!(r.kind === 'erasure' && decision === 'done'))
      await notify(deps, client, row, decision === 'done' ? 'traitée.' : `refusée. ${note}`, decision);
    return row;
  });
  for (const id of kycToRemove) await deps.kyc.remove(id);
  return view(decided);
}
