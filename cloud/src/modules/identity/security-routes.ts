/**
 * A person's own security (issue 22, profile and security): the sessions open on their account
 * (device, when opened, last seen, which one is this), ending one or all the others, and
 * changing the password with the current one, which ends every other session. A "session" here
 * is a refresh-token family (one sign-in and its rotations). Every change is audited; password
 * tries are counted like sign-in tries (a stolen access token cannot guess the password fast).
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError } from '@ismail/shared';
import { appendAudit } from '../../platform/audit/audit-log.js';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { principalOf } from '../../platform/http/access-plugin.js';
import { Uuid, withErrors } from '../../platform/http/schemas.js';
import { hashPassword, verifyPassword } from './password.js';
import { giveBackAttempt, reserveAttempt, signInBudget } from './sign-in-attempts.js';

const own = (action: 'read' | 'modify') => ({ resource: 'accounts', action, needsSecondFactor: false }) as const;
/** Sessions listed at most: more open sign-ins than this is itself a reason to end the others. */
const listedMax = 50;

const SessionSchema = Type.Object({
  id: Type.String({ format: 'uuid', description: 'The session (its sign-in), stable across token refreshes' }),
  userAgent: Type.Union([Type.String(), Type.Null()]),
  startedAt: Type.String({ format: 'date-time' }),
  lastSeenAt: Type.String({ format: 'date-time', description: 'Its last sign-in or token refresh' }),
  current: Type.Boolean(),
});

/** Ends sessions of one account (families other than `keepFamily`, or just `onlyFamily`); returns the rows ended. */
async function endFamilies(
  client: pg.PoolClient,
  accountId: string,
  reason: string,
  which: { keepFamilyOf: string } | { onlyFamily: string },
): Promise<{ ids: string[]; families: number }> {
  const filter =
    'keepFamilyOf' in which ? 'family_id <> (SELECT family_id FROM sessions WHERE id = $3)' : 'family_id = $3::uuid';
  const param = 'keepFamilyOf' in which ? which.keepFamilyOf : which.onlyFamily;
  const { rows } = await client.query<{ id: string; family_id: string }>(
    `UPDATE sessions SET revoked_at = now(), revoke_reason = $2
     WHERE account_id = $1 AND revoked_at IS NULL AND ${filter} RETURNING id, family_id`,
    [accountId, reason, param],
  );
  return { ids: rows.map((r) => r.id), families: new Set(rows.map((r) => r.family_id)).size };
}

export function securityRoutes(db: Database) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/v1/auth/sessions',
      {
        config: { access: own('read') },
        schema: {
          tags: ['auth'],
          summary: 'The sessions open on my account, most recently seen first',
          operationId: 'listMySessions',
          response: withErrors({ 200: Type.Object({ sessions: Type.Array(SessionSchema) }) }),
        },
      },
      async (request) => {
        const { principal } = principalOf(request);
        const { rows } = await db.pool.query<{
          family_id: string;
          user_agent: string | null;
          started_at: Date;
          last_seen_at: Date;
          current: boolean;
        }>(
          `SELECT family_id, min(created_at) AS started_at, max(created_at) AS last_seen_at,
                  (array_agg(user_agent ORDER BY created_at) FILTER (WHERE user_agent IS NOT NULL))[1] AS user_agent,
                  bool_or(id = $2) AS current
           FROM sessions WHERE account_id = $1 AND revoked_at IS NULL
           GROUP BY family_id
           HAVING bool_or(used_at IS NULL AND expires_at > now()) OR bool_or(id = $2)
           ORDER BY bool_or(id = $2) DESC, max(created_at) DESC LIMIT $3`,
          [principal.accountId, principal.sessionId, listedMax],
        );
        return {
          sessions: rows.map((r) => ({
            id: r.family_id,
            userAgent: r.user_agent,
            startedAt: r.started_at.toISOString(),
            lastSeenAt: r.last_seen_at.toISOString(),
            current: r.current,
          })),
        };
      },
    );

    app.post(
      '/v1/auth/sessions/sign-out-others',
      {
        config: { access: own('modify'), rateLimit: { max: 20, timeWindow: '1 minute' } },
        schema: {
          tags: ['auth'],
          summary: 'End every session of my account except this one',
          operationId: 'signOutOtherSessions',
          response: withErrors({ 200: Type.Object({ ended: Type.Integer({ minimum: 0 }) }) }),
        },
      },
      async (request) => {
        const { principal } = principalOf(request);
        const ended = await withTransaction(db.pool, async (client) => {
          const result = await endFamilies(client, principal.accountId, 'signed out from another session', {
            keepFamilyOf: principal.sessionId,
          });
          await appendAudit(client, {
            actor: { accountId: principal.accountId, label: 'self' },
            action: 'auth.other_sessions_ended',
            subject: { type: 'account', id: principal.accountId },
            place: `ip:${request.ip}`,
            detail: { sessions: result.families },
          });
          return result;
        });
        // Their access tokens stop at once, and their notification screens close.
        app.sessionGate.ended({ accountId: principal.accountId, sessionIds: ended.ids });
        return { ended: ended.families };
      },
    );

    app.delete(
      '/v1/auth/sessions/:sessionId',
      {
        config: { access: own('modify'), rateLimit: { max: 20, timeWindow: '1 minute' } },
        schema: {
          tags: ['auth'],
          summary: 'End one session of my account (another device)',
          operationId: 'endMySession',
          params: Type.Object({ sessionId: Uuid }),
          response: withErrors({ 200: Type.Object({ ended: Type.Integer({ minimum: 1 }) }) }),
        },
      },
      async (request) => {
        const { principal } = principalOf(request);
        const ended = await withTransaction(db.pool, async (client) => {
          // Only this account's sessions match: another person's session id is simply not found.
          const result = await endFamilies(client, principal.accountId, 'signed out from another session', {
            onlyFamily: request.params.sessionId,
          });
          if (result.families === 0) throw new AppError('NOT_FOUND', 'No open session of yours has this id.');
          await appendAudit(client, {
            actor: { accountId: principal.accountId, label: 'self' },
            action: 'auth.session_ended',
            subject: { type: 'session_family', id: request.params.sessionId },
            place: `ip:${request.ip}`,
            detail: {},
          });
          return result;
        });
        app.sessionGate.ended({ accountId: principal.accountId, sessionIds: ended.ids });
        return { ended: ended.families };
      },
    );

    app.post(
      '/v1/auth/password',
      {
        config: { access: own('modify'), rateLimit: { max: 20, timeWindow: '1 minute' } },
        schema: {
          tags: ['auth'],
          summary: 'Change my password (the current one is required); every other session is ended',
          operationId: 'changePassword',
          body: Type.Object(
            {
              currentPassword: Type.String({ minLength: 1, maxLength: 200 }),
              newPassword: Type.String({ minLength: 10, maxLength: 200 }),
            },
            { additionalProperties: false },
          ),
          response: withErrors({ 200: Type.Object({ endedSessions: Type.Integer({ minimum: 0 }) }) }),
        },
      },
      async (request) => {
        const { principal } = principalOf(request);
        const { currentPassword, newPassword } = request.body;
        const slot = await reserveAttempt(db.pool, 'source', ['password-change', principal.accountId], signInBudget);
        if (!slot.allowed) throw new AppError('RATE_LIMITED', 'Too many wrong passwords; wait a quarter of an hour.');
        const { rows } = await db.pool.query<{ password_hash: string }>(
          'SELECT password_hash FROM accounts WHERE id = $1',
          [principal.accountId],
        );
        const stored = rows[0]?.password_hash;
        if (stored === undefined || !(await verifyPassword(currentPassword, stored))) {
          await withTransaction(db.pool, (client) =>
            appendAudit(client, {
              actor: { accountId: principal.accountId, label: 'self' },
              action: 'auth.password_change_refused',
              subject: { type: 'account', id: principal.accountId },
              place: `ip:${request.ip}`,
              detail: {},
            }),
          );
          throw new AppError('INVALID_CREDENTIALS', 'The current password is not right.');
        }
        await giveBackAttempt(db.pool, slot);
        const newHash = await hashPassword(newPassword);
        const ended = await withTransaction(db.pool, async (client) => {
          // Compare-and-set on the hash read: of two changes racing with one current password, one wins.
          const changed = await client.query(
            'UPDATE accounts SET password_hash = $2 WHERE id = $1 AND password_hash = $3',
            [principal.accountId, newHash, stored],
          );
          if (changed.rowCount !== 1) throw new AppError('CONFLICT', 'The password was just changed; try again.');
          const result = await endFamilies(client, principal.accountId, 'password changed', {
            keepFamilyOf: principal.sessionId,
          });
          await appendAudit(client, {
            actor: { accountId: principal.accountId, label: 'self' },
            action: 'auth.password_changed',
            subject: { type: 'account', id: principal.accountId },
            place: `ip:${request.ip}`,
            detail: { endedSessions: result.families },
          });
          return result;
        });
        app.sessionGate.ended({ accountId: principal.accountId, sessionIds: ended.ids });
        return { endedSessions: ended.families };
      },
    );
  };
}
