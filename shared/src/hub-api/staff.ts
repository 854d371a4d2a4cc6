/**
 * The hub's staff area of its local API: sign-in at this counter (online, or offline with a
 * recently confirmed password), who is signed in, sign-out, and the hub's audit trail.
 */
import { Type, type Static } from '@sinclair/typebox';
import { hubStaffRoles } from '../sync/hub-staff.js';
import { hubObject, HubCount, HubInstant } from './common.js';

export const HubSignInRequestSchema = hubObject({
  email: Type.String({ minLength: 3, maxLength: 254 }),
  password: Type.String({ minLength: 1, maxLength: 200 }),
  totpCode: Type.Optional(Type.String({ maxLength: 10 })),
});

const Role = Type.Union(hubStaffRoles.map((r) => Type.Literal(r)));
const staffMember = {
  accountId: Type.String({ maxLength: 40 }),
  name: Type.String({ maxLength: 200 }),
  role: Role,
  /** Online: the cloud confirmed the password now; offline: a password it confirmed recently. */
  mode: Type.Union([Type.Literal('online'), Type.Literal('offline')]),
  expiresAt: HubInstant,
};
export const HubStaffMemberSchema = hubObject(staffMember);
export type HubStaffMember = Static<typeof HubStaffMemberSchema>;
export const HubSignInResponseSchema = hubObject({
  token: Type.String({ maxLength: 200 }),
  staff: HubStaffMemberSchema,
});
export type HubSignInResponse = Static<typeof HubSignInResponseSchema>;

/** Who a request runs for: the machine's administrator (its token) or a signed-in person. */
export const HubPrincipalSchema = Type.Union([
  hubObject({
    kind: Type.Literal('admin'),
    accountId: Type.Literal('hub-admin'),
    name: Type.String({ maxLength: 200 }),
    role: Type.Literal('manager'),
  }),
  hubObject({ kind: Type.Literal('staff'), ...staffMember }),
]);
export type HubPrincipalView = Static<typeof HubPrincipalSchema>;

export const HubSignOutResponseSchema = hubObject({ signedOut: Type.Literal(true) });

export const HubAuditQuerySchema = hubObject({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })) });
export const HubAuditTrailSchema = hubObject({
  entries: Type.Array(
    hubObject({
      seq: HubCount,
      at: HubInstant,
      actor: Type.String({ maxLength: 200 }),
      action: Type.String({ maxLength: 100 }),
      detail: Type.Unknown(),
    }),
    { maxItems: 500 },
  ),
});
