/**
 * The card revocation list hubs download (SPEC 3.3, 3.8): every card id that is revoked or
 * suspended and not yet expired, signed by the cloud's card key with its issue time, so an
 * offline hub knows both that the list is genuine and how old it is.
 */
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { CompactSign, compactVerify, createLocalJWKSet, type JSONWebKeySet } from 'jose';
import { cardSigningAlgorithm, type CardListing, type CardSigningKey } from './credential.js';
import { UuidSchema } from '../text/uuid.js';

export const revocationListJwsType = 'ismail-revocations+jwt';
/** Past this age a hub warns staff that refusals may be missing (SPEC 3.3). */
export const revocationListWarnAgeS = 24 * 3600;
/** Revoked or suspended cards still within validity; far above what one country needs. */
export const revocationListMaxEntries = 200_000;

export const RevocationListSchema = Type.Object(
  {
    v: Type.Literal(1),
    iat: Type.Integer({ minimum: 0 }),
    entries: Type.Array(
      Type.Object(
        {
          cid: UuidSchema,
          state: Type.Union([Type.Literal('revoked'), Type.Literal('suspended')]),
          since: Type.String({ maxLength: 40 }),
        },
        { additionalProperties: false },
      ),
      { maxItems: revocationListMaxEntries },
    ),
  },
  { additionalProperties: false },
);

export type RevocationList = Static<typeof RevocationListSchema>;

export async function signRevocationList(list: RevocationList, key: CardSigningKey): Promise<string> {
  return new CompactSign(new TextEncoder().encode(JSON.stringify(list)))
    .setProtectedHeader({ alg: cardSigningAlgorithm, kid: key.kid, typ: revocationListJwsType })
    .sign(key.privateKey);
}

/** Verifies a downloaded list; throws when it is not genuine (a hub then keeps its previous list). */
export async function verifyRevocationList(token: string, keys: JSONWebKeySet): Promise<RevocationList> {
  const { payload, protectedHeader } = await compactVerify(token, createLocalJWKSet(keys), {
    algorithms: [cardSigningAlgorithm],
  });
  if (protectedHeader.typ !== revocationListJwsType)
    throw new Error(`not a revocation list (typ ${String(protectedHeader.typ)})`);
  const list: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payload));
  if (!Value.Check(RevocationListSchema, list)) throw new Error('revocation list does not match its schema');
  return list;
}

/** Turns a verified list into the lookup `verifyCardToken` needs. */
export function listingFrom(list: RevocationList): (cardId: string) => CardListing {
  const byId = new Map(list.entries.map((e) => [e.cid, { state: e.state, since: e.since }] as const));
  return (cardId) => byId.get(cardId);
}
