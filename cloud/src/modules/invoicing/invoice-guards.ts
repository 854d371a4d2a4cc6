/**
 * Who may do what with an invoice over HTTP, shared by the invoice route plugins: the access rules, the request
 * document's schema, and per request the owner it acts for, the invoice if the caller may see it, the issuer's own
 * seller identity, and the audit of a step taken in another's name.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import {
  AppError,
  InvoiceDraftSchema,
  SellerSchema,
  type InvoiceDraft,
  type Principal,
  type Seller,
} from '@ismail/shared';
import type pg from 'pg';
import { appendAudit } from '../../platform/audit/audit-log.js';
import type { Database } from '../../platform/db/database.js';
import { principalOf } from '../../platform/http/access-plugin.js';
import { Uuid } from '../../platform/http/schemas.js';
import { actingOwner } from '../identity/owner.js';
import { toRecord, type InvoiceRecord } from './invoices.js';
import { sellerFromRequest, sellerIdentity } from './seller-identity.js';

export const invoiceAccess = (action: 'read' | 'write' | 'modify' | 'delete') =>
  ({ resource: 'invoices', action, needsSecondFactor: false }) as const;
export const adminProfiles = new Set(['hyper_admin', 'super_admin', 'admin']);
/** A draft as a caller sends it: the seller optional, and only ever the caller's own (sellerFromRequest). */
export const RequestDocumentSchema = Type.Object(
  {
    ...InvoiceDraftSchema.properties,
    seller: Type.Optional(Type.Partial(SellerSchema, { additionalProperties: false })),
  },
  { additionalProperties: false },
);
export type RequestDocument = Omit<InvoiceDraft, 'seller'> & { seller?: Partial<Seller> };

export const InvoiceParams = Type.Object({ invoiceId: Uuid });
export const invoiceTags = ['invoices'];

/** The per-request checks the invoice routes share, over one database. */
export function invoiceGuards(db: Database) {
  const ownerOf = (principal: Principal): Promise<string> => actingOwner(db, principal);
  const actorOf = (request: FastifyRequest) => {
    const { principal } = principalOf(request);
    return { accountId: principal.accountId, label: principal.profile, place: `ip:${request.ip}` };
  };
  /**
   * The invoice if the caller may act on it as its issuer (or an admin); 404 otherwise (no hint that it exists).
   * With `asRecipient`, its recipient may read it too once issued (the buyer's copy: detail, PDF, XLSX, clearance).
   */
  async function visible(request: FastifyRequest, id: string, asRecipient = false): Promise<InvoiceRecord> {
    const { principal } = principalOf(request);
    const { rows } = await db.pool.query('SELECT * FROM invoices WHERE id = $1', [id]);
    const row = rows[0] as Parameters<typeof toRecord>[0] | undefined;
    if (row === undefined) throw new AppError('NOT_FOUND', 'No such invoice.');
    const record = toRecord(row);
    if (adminProfiles.has(principal.profile)) return record;
    const owner = await ownerOf(principal);
    if (record.issuerAccountId === owner) return record;
    if (asRecipient && record.status === 'issued' && row.recipient_account_id === owner) return record;
    throw new AppError('NOT_FOUND', 'No such invoice.');
  }
  /** The invoice if the caller issued it or, once issued, received it; 404 otherwise. */
  const readable = (request: FastifyRequest, id: string): Promise<InvoiceRecord> => visible(request, id, true);
  /**
   * The draft with the issuer's own verified identity as seller (issues 19.8, 20.5); from
   * the body only which establishment and till (FNE) it is issued from. A body naming any
   * other seller is refused.
   */
  async function withIssuerSeller(issuerAccountId: string, document: RequestDocument): Promise<InvoiceDraft> {
    return {
      ...document,
      seller: sellerFromRequest(await sellerIdentity(db.pool, issuerAccountId), document.seller),
    };
  }
  /** Whom an admin drafts for: an existing account that issues in its own name (not an admin, not a staff member). */
  async function onBehalfTarget(accountId: string): Promise<string> {
    const { rows } = await db.pool.query<{ profile: string; staff_of: string | null }>(
      'SELECT profile, staff_of FROM accounts WHERE id = $1',
      [accountId],
    );
    const row = rows[0];
    if (row === undefined) throw new AppError('NOT_FOUND', 'No such account to issue for.');
    if (adminProfiles.has(row.profile) || row.staff_of !== null)
      throw new AppError(
        'VALIDATION_FAILED',
        'onBehalfOf names the account that sells: a partner (or its owner account), never an admin or a staff member.',
      );
    return accountId;
  }
  /** Audits a step an account took on an invoice issued in another's name (an admin, a partner's staff). */
  async function auditOnBehalf(
    client: pg.PoolClient,
    request: FastifyRequest,
    action: string,
    invoiceId: string,
    issuerAccountId: string,
  ): Promise<void> {
    const actor = actorOf(request);
    if (actor.accountId === issuerAccountId) return;
    await appendAudit(client, {
      actor: { accountId: actor.accountId, label: actor.label },
      action,
      subject: { type: 'invoice', id: invoiceId },
      place: actor.place,
      detail: { onBehalfOf: issuerAccountId },
    });
  }
  return { ownerOf, actorOf, visible, readable, withIssuerSeller, onBehalfTarget, auditOnBehalf };
}

export type InvoiceGuards = ReturnType<typeof invoiceGuards>;
