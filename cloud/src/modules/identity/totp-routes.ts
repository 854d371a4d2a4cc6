/**
 * Enrolling an authenticator (TOTP): the secret to scan (as text, otpauth URI and QR modules the
 * portal draws), then a first code to confirm it, once. Sign-in with the code is in auth-routes.ts.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError, ErrorBodySchema } from '@ismail/shared';
import { appendAudit } from '../../platform/audit/audit-log.js';
import type { MasterKey } from '../../platform/crypto/sealed.js';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { principalOf } from '../../platform/http/access-plugin.js';
import { qrMatrix, QrMatrixSchema } from './qr-matrix.js';
import { acceptTotp, newTotpSecret } from './totp.js';

export function totpRoutes(db: Database, masterKey: MasterKey) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.post(
      '/v1/auth/totp/enroll',
      {
        config: { access: { resource: 'accounts', action: 'modify', needsSecondFactor: false } },
        schema: {
          tags: ['auth'],
          summary: 'Start TOTP enrolment: returns the secret to scan, as text, otpauth URI and QR modules',
          operationId: 'enrollTotp',
          response: {
            200: Type.Object({ secret: Type.String(), otpauthUri: Type.String(), qr: QrMatrixSchema }),
            '4xx': ErrorBodySchema,
          },
        },
      },
      async (request) => {
        const { principal } = principalOf(request);
        const { rows } = await db.pool.query<{ email: string; totp_enabled_at: Date | null }>(
          'SELECT email, totp_enabled_at FROM accounts WHERE id = $1',
          [principal.accountId],
        );
        if (rows[0]?.totp_enabled_at != null)
          throw new AppError('CONFLICT', 'An authenticator is already enrolled for this account.');
        const secret = newTotpSecret(masterKey, principal.accountId, rows[0]?.email ?? principal.accountId);
        await db.pool.query('UPDATE accounts SET totp_secret_sealed = $2 WHERE id = $1', [
          principal.accountId,
          secret.sealed,
        ]);
        return { secret: secret.base32, otpauthUri: secret.uri, qr: qrMatrix(secret.uri) };
      },
    );

    app.post(
      '/v1/auth/totp/confirm',
      {
        config: { access: { resource: 'accounts', action: 'modify', needsSecondFactor: false } },
        schema: {
          tags: ['auth'],
          summary: 'Finish TOTP enrolment with a first code',
          operationId: 'confirmTotp',
          body: Type.Object({ code: Type.String({ maxLength: 10 }) }, { additionalProperties: false }),
          response: { 200: Type.Object({ enrolled: Type.Boolean(), next: Type.String() }), '4xx': ErrorBodySchema },
        },
      },
      async (request) => {
        const { principal } = principalOf(request);
        const { code } = request.body;
        const { rows } = await db.pool.query<{ totp_secret_sealed: string | null; totp_enabled_at: Date | null }>(
          'SELECT totp_secret_sealed, totp_enabled_at FROM accounts WHERE id = $1',
          [principal.accountId],
        );
        const sealed = rows[0]?.totp_secret_sealed;
        if (sealed == null || rows[0]?.totp_enabled_at != null)
          throw new AppError('CONFLICT', 'Start enrolment first.');
        const step = acceptTotp(masterKey, principal.accountId, sealed, code, null);
        if (step === undefined)
          throw new AppError('INVALID_CREDENTIALS', 'That code is not right; check the time on your phone.');
        await withTransaction(db.pool, async (client) => {
          // Enabled once: two confirmations racing cannot both pass (nor reuse the first code).
          const enabled = await client.query(
            'UPDATE accounts SET totp_enabled_at = now(), totp_last_step = $2 WHERE id = $1 AND totp_enabled_at IS NULL',
            [principal.accountId, step],
          );
          if (enabled.rowCount !== 1)
            throw new AppError('CONFLICT', 'An authenticator is already enrolled for this account.');
          await appendAudit(client, {
            actor: { accountId: principal.accountId, label: 'self' },
            action: 'auth.totp_enrolled',
            subject: { type: 'account', id: principal.accountId },
            place: `ip:${request.ip}`,
            detail: {},
          });
        });
        return { enrolled: true, next: 'Sign in again with a code to open a session with the second factor.' };
      },
    );
  };
}
