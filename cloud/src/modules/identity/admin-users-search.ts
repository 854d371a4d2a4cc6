/**
 * Finding an account for the admins' Users screen (issue 23): by ISMAIL ID (look-alike characters read back), e-mail,
 * phone (+225 added to a local ten-digit number) or a part of the name; with its status, its open suspension and, for a
 * partner, its sales rep. Read-only; the route audits the search. Never returns secrets (hashes, TOTP, tokens).
 */
import { Type } from '@sinclair/typebox';
import type pg from 'pg';
import { parseIsmailId } from '@ismail/shared';

/** One screen of answers: a search is meant to find one person, not to list the base. */
export const userSearchMax = 20;

const Named = Type.Object({ id: Type.String(), name: Type.String() });
export const AdminUserSchema = Type.Object({
  id: Type.String(),
  ismailId: Type.Union([Type.String(), Type.Null()]),
  displayName: Type.String(),
  email: Type.Union([Type.String(), Type.Null()]),
  phone: Type.Union([Type.String(), Type.Null()]),
  profile: Type.String(),
  status: Type.String(),
  statusChangedAt: Type.String(),
  staffOf: Type.Union([Type.String(), Type.Null()]),
  salesRep: Type.Union([Named, Type.Null()]),
  suspension: Type.Union([
    Type.Object({ reason: Type.String(), suspendedAt: Type.String(), suspendedBy: Named }),
    Type.Null(),
  ]),
});

type Criterion =
  | { readonly by: 'ismail_id'; readonly value: string }
  | { readonly by: 'email'; readonly value: string }
  | { readonly by: 'phone'; readonly value: string }
  | { readonly by: 'name'; readonly value: string }
  | { readonly by: 'id'; readonly value: string };

/** What the admin typed, read as the one kind of identifier it can be. */
export function criterionOf(text: string): Criterion {
  const q = text.trim();
  const id = parseIsmailId(q);
  if (id.ok) return { by: 'ismail_id', value: id.id };
  if (q.includes('@')) return { by: 'email', value: q.toLowerCase() };
  const digits = q.replace(/[\s.()-]/g, '');
  if (/^\+?[0-9]{8,15}$/.test(digits)) {
    if (digits.startsWith('+')) return { by: 'phone', value: digits };
    // Côte d'Ivoire numbers have ten digits since 2021; 00225 or 225 before them is the country code.
    if (digits.length === 10) return { by: 'phone', value: `+225${digits}` };
    return { by: 'phone', value: `+${digits.replace(/^00/, '')}` };
  }
  return { by: 'name', value: q };
}

interface Row {
  id: string;
  ismail_id: string | null;
  display_name: string;
  email: string | null;
  phone_e164: string | null;
  profile: string;
  status: string;
  status_changed_at: Date;
  staff_of: string | null;
  rep_id: string | null;
  rep_name: string | null;
  s_reason: string | null;
  s_at: Date | null;
  s_by_id: string | null;
  s_by_name: string | null;
}

export async function findUsers(db: Pick<pg.Pool, 'query'>, criterion: Criterion, profile: string | null) {
  const where: Record<Criterion['by'], string> = {
    ismail_id: 'a.ismail_id = $1',
    email: 'a.email = $1',
    phone: 'a.phone_e164 = $1',
    id: 'a.id = $1::uuid',
    // A part of the name, the wildcards typed by the admin taken literally.
    name: "a.display_name ILIKE '%' || replace(replace(replace($1, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%'",
  };
  const { rows } = await db.query<Row>(
    `SELECT a.id, a.ismail_id, a.display_name, a.email, a.phone_e164, a.profile, a.status, a.status_changed_at,
            a.staff_of, r.id AS rep_id, r.display_name AS rep_name,
            s.reason AS s_reason, s.suspended_at AS s_at, b.id AS s_by_id, b.display_name AS s_by_name
     FROM accounts a
     LEFT JOIN accounts r ON r.id = a.sales_rep_id
     LEFT JOIN account_suspensions s ON s.account_id = a.id AND s.reinstated_at IS NULL
     LEFT JOIN accounts b ON b.id = s.suspended_by
     WHERE ${where[criterion.by]} AND ($2::text IS NULL OR a.profile = $2)
     ORDER BY a.display_name, a.id LIMIT ${String(userSearchMax)}`,
    [criterion.value, profile],
  );
  return rows.map((r) => ({
    id: r.id,
    ismailId: r.ismail_id,
    displayName: r.display_name,
    email: r.email,
    phone: r.phone_e164,
    profile: r.profile,
    status: r.status,
    statusChangedAt: r.status_changed_at.toISOString(),
    staffOf: r.staff_of,
    salesRep: r.rep_id === null ? null : { id: r.rep_id, name: r.rep_name ?? '' },
    suspension:
      r.s_at === null
        ? null
        : {
            reason: r.s_reason ?? '',
            suspendedAt: r.s_at.toISOString(),
            suspendedBy: { id: r.s_by_id ?? '', name: r.s_by_name ?? '' },
          },
  }));
}
