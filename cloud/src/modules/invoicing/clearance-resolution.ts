/**
 * An admin settles a parked uncertain clearance (issue 18) after checking the authority's
 * portal: either the invoice is there (certified, with the reference read on the portal)
 * or it is absent and is sent again. The change is one conditional UPDATE on a parked,
 * unleased invoice, audited in the same transaction: of two concurrent resolutions one
 * wins and the other finds nothing to change (409), and the clearance worker never holds
 * a parked invoice, so nothing is sent while a person decides.
 *
 * Owns: the resolution and its audit entries. Must never resolve an invoice that is not
 * parked, nor send anything to an authority itself (a resubmission goes back to the queue).
 */
import { AppError } from '@ismail/shared';
import { appendAudit } from '../../platform/audit/audit-log.js';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';

export type ClearanceResolution =
  | {
      readonly outcome: 'certified';
      readonly authorityReference: string;
      readonly qrData?: string;
      readonly certifiedAt?: string;
      readonly note: string;
    }
  | { readonly outcome: 'resubmit'; readonly absentFromPortal: true; readonly note: string };

export interface ResolutionActor {
  readonly accountId: string;
  readonly label: string;
  readonly place: string;
}

/** What each authority's references look like, so a typo on the portal is refused here. */
const referencePatterns: Readonly<Record<'fne' | 'emecef', { pattern: RegExp; example: string }>> = {
  // [A credit note | B purchase slip] + NCC (7 digits, a letter) + YY + 9-digit sequence.
  fne: { pattern: /^[AB]?\d{7}[A-Z]\d{11}$/, example: '9999999X26000000042' },
  // The code MECeF/DGI: 24 characters in groups of 4 (test codes start with TEST).
  emecef: { pattern: /^[A-Z0-9]{4}(-[A-Z0-9]{4}){5}$/, example: 'TEST-ABCD-EFGH-IJKL-MNOP-QRST' },
};

export interface ResolvedClearance {
  readonly invoiceId: string;
  readonly number: string;
  readonly authority: 'fne' | 'emecef';
  readonly clearanceStatus: 'certified' | 'uncertain';
  readonly authorityReference: string | null;
}

export async function resolveClearance(
  db: Database,
  invoiceId: string,
  resolution: ClearanceResolution,
  actor: ResolutionActor,
): Promise<ResolvedClearance> {
  return withTransaction(db.pool, async (client) => {
    const { rows } = await client.query<{
      number: string | null;
      authority: 'fne' | 'emecef' | null;
      clearance_status: string;
      clearance_detail: string | null;
    }>('SELECT number, authority, clearance_status, clearance_detail FROM invoices WHERE id = $1', [invoiceId]);
    const found = rows[0];
    if (found?.number == null) throw new AppError('NOT_FOUND', 'No such issued invoice.');
    const { number } = found;
    if (found.authority === null) throw notParked(found.clearance_status);
    const authority = found.authority;
    if (resolution.outcome === 'certified') {
      const expected = referencePatterns[authority];
      if (!expected.pattern.test(resolution.authorityReference)) {
        throw new AppError(
          'VALIDATION_FAILED',
          `This is not a ${authority === 'fne' ? 'FNE number' : 'code MECeF/DGI'} (e.g. ${expected.example}).`,
          [{ path: '/authorityReference', problem: `must look like ${expected.example}` }],
        );
      }
    }
    // The conditions are the lock: only a parked invoice that no worker holds changes.
    const parked =
      "id = $1 AND clearance_status = 'uncertain' AND clearance_parked_at IS NOT NULL AND (clearance_lease_until IS NULL OR clearance_lease_until < now())";
    const changed =
      resolution.outcome === 'certified'
        ? await client.query(
            `UPDATE invoices SET clearance_status = 'certified', authority_reference = $2, qr_data = $3, certified_at = coalesce($4::timestamptz, now()), clearance_raw = $5,
               clearance_detail = NULL, clearance_uncertain_next = NULL, clearance_parked_at = NULL, clearance_lease_until = NULL
             WHERE ${parked}`,
            [
              invoiceId,
              resolution.authorityReference,
              resolution.qrData ?? null,
              resolution.certifiedAt ?? null,
              JSON.stringify({ resolvedBy: actor.accountId, readOnPortal: true, note: resolution.note }),
            ],
          )
        : await client.query(
            `UPDATE invoices SET clearance_uncertain_next = 'resend', clearance_parked_at = NULL, clearance_next_at = now(), clearance_lease_until = NULL, clearance_detail = $2
             WHERE ${parked}`,
            [invoiceId, 'resubmitted by an admin: absent from the portal'],
          );
    if (changed.rowCount !== 1) {
      // Read again: a concurrent resolution may have just changed it.
      const now = await client.query<{ clearance_status: string }>(
        'SELECT clearance_status FROM invoices WHERE id = $1',
        [invoiceId],
      );
      throw notParked(now.rows[0]?.clearance_status ?? found.clearance_status);
    }
    const subject = { type: 'invoice', id: invoiceId };
    const actorEntry = { accountId: actor.accountId, label: actor.label };
    await appendAudit(client, {
      actor: actorEntry,
      action: 'invoice.clearance_resolved',
      subject,
      place: actor.place,
      detail: {
        number,
        authority,
        outcome: resolution.outcome,
        ...(resolution.outcome === 'certified'
          ? { authorityReference: resolution.authorityReference }
          : { absentFromPortal: true }),
        note: resolution.note,
        uncertainReason: found.clearance_detail,
      },
    });
    if (resolution.outcome === 'certified') {
      // The legal fact, as the worker records it: it also tells the customer (notification feed).
      await appendAudit(client, {
        actor: actorEntry,
        action: 'invoice.certified',
        subject,
        place: actor.place,
        detail: { number, authority, authorityReference: resolution.authorityReference, readOnPortal: true },
      });
    }
    return {
      invoiceId,
      number,
      authority,
      clearanceStatus: resolution.outcome === 'certified' ? 'certified' : 'uncertain',
      authorityReference: resolution.outcome === 'certified' ? resolution.authorityReference : null,
    };
  });
}

/** 409 with the status found: already resolved (by someone else, or the worker), or never parked. */
function notParked(status: string): AppError {
  return new AppError(
    'CONFLICT',
    'This invoice is not waiting for a clearance decision (already resolved, or not uncertain).',
    [{ path: '/clearanceStatus', problem: status }],
  );
}
