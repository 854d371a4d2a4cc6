/**
 * A small hierarchy for access tests: two agencies, each with a chief, a sales rep and an
 * attached partner (agency A's partner has one counter operator); two clients; admins
 * with TOTP enrolled, and one admin without it. Everyone signs in through the real API.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ProfileKey } from '@ismail/shared';
import { hashPassword } from '../../src/modules/identity/password.js';
import { testPasswordCost } from './password-cost.js';
import { issueAccessToken, verifyAccessToken } from '../../src/modules/identity/tokens.js';
import { currentTotpCode } from '../../src/modules/identity/totp.js';
import { seal, type MasterKey } from '../../src/platform/crypto/sealed.js';
import type { Database } from '../../src/platform/db/database.js';

export const password = 'correct horse battery';
export const names = [
  'hyper',
  'super',
  'admin',
  'adminNoMfa',
  'chiefA',
  'repA',
  'partnerA',
  'staffA',
  'chiefB',
  'repB',
  'partnerB',
  'clientA',
  'clientB',
] as const;
export type Person = (typeof names)[number];

export interface Signed {
  readonly id: string;
  readonly email: string;
  readonly profile: ProfileKey;
  readonly totpBase32?: string;
  token: string;
  refreshToken: string;
}

const totpBase32 = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

export async function createPeople(
  db: Database,
  app: FastifyInstance,
  masterKey: MasterKey,
): Promise<Record<Person, Signed>> {
  const ids = Object.fromEntries(names.map((n) => [n, randomUUID()])) as Record<Person, string>;
  const agencyA = randomUUID();
  const agencyB = randomUUID();
  await db.pool.query(
    "INSERT INTO agencies (id, name, country) VALUES ($1, 'Agence Plateau', 'CI'), ($2, 'Agence Bouaké', 'CI')",
    [agencyA, agencyB],
  );
  const hash = await hashPassword(password, testPasswordCost);
  const rows: [Person, ProfileKey, Record<string, string | string[] | null>][] = [
    ['hyper', 'hyper_admin', {}],
    ['super', 'super_admin', {}],
    ['admin', 'admin', {}],
    ['adminNoMfa', 'admin', {}],
    ['chiefA', 'agency_chief', { agency_id: agencyA }],
    ['repA', 'sales_rep', { agency_id: agencyA, supervisor_id: ids.chiefA }],
    ['partnerA', 'partner', { sales_rep_id: ids.repA }],
    ['staffA', 'partner', { staff_of: ids.partnerA, delegated_actions: ['read'] }],
    ['chiefB', 'agency_chief', { agency_id: agencyB }],
    ['repB', 'sales_rep', { agency_id: agencyB, supervisor_id: ids.chiefB }],
    ['partnerB', 'partner', { sales_rep_id: ids.repB }],
    ['clientA', 'client', {}],
    ['clientB', 'client', {}],
  ];
  const people = {} as Record<Person, Signed>;
  for (const [name, profile, links] of rows) {
    const email = `${name.toLowerCase()}-${ids[name].slice(0, 8)}@test.ismail.ci`;
    const mfa = ['hyper', 'super', 'admin'].includes(name);
    await db.pool.query(
      `INSERT INTO accounts (id, profile, display_name, first_name, last_name, email, password_hash, status, agency_id, supervisor_id, sales_rep_id, staff_of, delegated_actions, totp_secret_sealed, totp_enabled_at)
       VALUES ($1, $2, $3, $3, 'Test', $4, $5, 'active', $6, $7, $8, $9, $10, $11, $12)`,
      [
        ids[name],
        profile,
        name,
        email,
        hash,
        links.agency_id ?? null,
        links.supervisor_id ?? null,
        links.sales_rep_id ?? null,
        links.staff_of ?? null,
        links.delegated_actions ?? null,
        mfa ? seal(masterKey, `totp:${ids[name]}`, Buffer.from(totpBase32)) : null,
        mfa ? new Date() : null,
      ],
    );
    const response = await app.inject({
      method: 'POST',
      url: '/v1/auth/sign-in',
      payload: { email, password, ...(mfa ? { totpCode: currentTotpCode(totpBase32) } : {}) },
    });
    if (response.statusCode !== 200) throw new Error(`sign-in of ${name} failed: ${response.body}`);
    const tokens = response.json<{ accessToken: string; refreshToken: string }>();
    people[name] = {
      id: ids[name],
      email,
      profile,
      ...(mfa ? { totpBase32 } : {}),
      token: tokens.accessToken,
      refreshToken: tokens.refreshToken,
    };
  }
  return people;
}

/**
 * An access token of a second session of the same person (another device), for a test that
 * ends a session (sign-out) without ending the one the rest of the suite uses.
 */
export async function anotherSession(db: Database, app: FastifyInstance, person: Signed): Promise<string> {
  const principal = await verifyAccessToken(app.platform.keyring, person.token);
  const sessionId = randomUUID();
  await db.pool.query(
    "INSERT INTO sessions (id, family_id, account_id, refresh_hash, second_factor, expires_at) VALUES ($1, $1, $2, $3, $4, now() + interval '1 day')",
    [sessionId, principal.accountId, randomBytes(32).toString('hex'), principal.secondFactor],
  );
  return issueAccessToken(app.platform.keyring, { ...principal, sessionId });
}

export const bearer = (person: Signed): { authorization: string } => ({ authorization: `Bearer ${person.token}` });
