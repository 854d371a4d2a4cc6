/**
 * A sales rep onboards a partner on its behalf (issue 23): creates the partner's account (pending until KYC) attached
 * to the rep of the SESSION, opens its KYC case, uploads its documents (sealed like a holder's own), and submits the
 * case once the partner consented by reading out the one-time code it received by SMS. Only sales reps; a partner of
 * another rep reads as absent (404). Every step is audited with the rep as actor.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Type, type TSchema } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { parsePhoneNumberFromString } from 'libphonenumber-js/min';
import { AppError, ErrorBodySchema } from '@ismail/shared';
import { appendAudit } from '../../platform/audit/audit-log.js';
import type { MasterKey } from '../../platform/crypto/sealed.js';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { principalOf } from '../../platform/http/access-plugin.js';
import { IdempotencyHeaders, Uuid } from '../../platform/http/schemas.js';
import type { DeliveryChannel } from '../notifications/channel.js';
import type { BiometricMatcher } from '../kyc/biometrics.js';
import {
  checkDocument,
  kycCaseMaxBytes,
  kycContentTypes,
  kycDocumentKinds,
  kycDocumentMaxBytes,
  kycDocumentsPerCaseMax,
  type KycStore,
} from '../kyc/documents.js';
import { kycConsentVersion } from '../kyc/routes.js';
import { hashPassword } from './password.js';
import { repOnboardingCases } from './rep-onboarding-cases.js';
import {
  checkConsentCode,
  consentCodeHasher,
  consentCodesSentMax,
  consentCodeTtlMinutes,
  newConsentCode,
  refuseCode,
  sendConsentSms,
} from './rep-onboarding-consent.js';

const errors: Record<string, TSchema> = { '4xx': ErrorBodySchema };
const access = { resource: 'hierarchy', action: 'write', needsSecondFactor: false } as const;
const PartnerParams = Type.Object({ partnerId: Uuid });

const OnboardedSchema = Type.Object({
  partnerId: Type.String(),
  caseId: Type.String(),
  status: Type.String(),
  caseState: Type.String(),
});

export interface RepOnboardingDeps {
  readonly db: Database;
  readonly store: KycStore;
  readonly masterKey: MasterKey;
  readonly sms: DeliveryChannel | undefined;
  readonly biometrics: BiometricMatcher | undefined;
}

/** The calling rep (only sales reps onboard partners; chiefs, partners and clients are refused). */
function repOf(request: FastifyRequest): { accountId: string } {
  const { principal } = principalOf(request);
  if (principal.profile !== 'sales_rep')
    throw new AppError('FORBIDDEN', 'Seul un commercial inscrit un partenaire pour son compte.');
  return principal;
}

/** An Ivorian number in E.164, or a refusal in clear words. */
function ivorianPhone(raw: string): string {
  const parsed = parsePhoneNumberFromString(raw, 'CI');
  if (parsed === undefined || parsed.countryCallingCode !== '225' || !parsed.isValid())
    throw new AppError('VALIDATION_FAILED', 'Le téléphone doit être un numéro ivoirien valide (+225 et 10 chiffres).');
  return parsed.number;
}

export function repOnboardingRoutes(deps: RepOnboardingDeps) {
  const { db, store } = deps;
  const hashCode = consentCodeHasher(deps.masterKey);
  const { onboardingOf, openOnly, submit } = repOnboardingCases(deps);

  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    // Only sales reps, settled before the body is read: anyone else is refused (403), not told what is wrong with
    // the body (400). Encapsulated: only this plugin's routes.
    app.addHook('preValidation', async (request) => {
      repOf(request);
    });
    app.addContentTypeParser(
      [...kycContentTypes],
      { parseAs: 'buffer', bodyLimit: kycDocumentMaxBytes },
      (_request, body, done) => done(null, body),
    );

    app.post(
      '/v1/rep/partners',
      {
        config: { access },
        schema: {
          tags: ['accounts'],
          summary: 'A sales rep creates a partner account on its behalf (pending until KYC) and opens its KYC case',
          operationId: 'repCreatePartner',
          headers: IdempotencyHeaders,
          body: Type.Object(
            {
              businessName: Type.String({ minLength: 2, maxLength: 200 }),
              phone: Type.String({ minLength: 8, maxLength: 30 }),
              email: Type.String({ format: 'email', maxLength: 254 }),
            },
            { additionalProperties: false },
          ),
          response: { 201: OnboardedSchema, ...errors },
        },
      },
      async (request, reply) => {
        const rep = repOf(request);
        const key = request.headers['idempotency-key'];
        const businessName = request.body.businessName.trim();
        const phone = ivorianPhone(request.body.phone);
        const email = request.body.email.trim().toLowerCase();
        const replay = async (q: Pick<typeof db.pool, 'query'>) => {
          const { rows } = await q.query<{ partnerId: string; caseId: string; status: string; caseState: string }>(
            `SELECT o.partner_id AS "partnerId", o.case_id AS "caseId", a.status, c.state AS "caseState"
             FROM rep_onboardings o JOIN accounts a ON a.id = o.partner_id JOIN kyc_cases c ON c.id = o.case_id
             WHERE o.sales_rep_id = $1 AND o.idempotency_key = $2`,
            [rep.accountId, key],
          );
          return rows[0];
        };
        const first = await replay(db.pool);
        if (first !== undefined) return reply.status(201).send(first);
        // Nobody knows this password: the partner sets its own through the reset link once active.
        const passwordHash = await hashPassword(randomBytes(32).toString('base64url'));
        const partnerId = randomUUID();
        const caseId = randomUUID();
        const created = await withTransaction(db.pool, async (client) => {
          const inserted = await client.query(
            `INSERT INTO accounts (id, profile, display_name, trade_name, email, password_hash, country, phone_e164,
                                   business_phone, sales_rep_id, status)
             VALUES ($1, 'partner', $2, $2, $3, $4, 'CI', $5, $5, $6, 'pending') ON CONFLICT (email) DO NOTHING`,
            [partnerId, businessName, email, passwordHash, phone, rep.accountId],
          );
          if (inserted.rowCount !== 1) {
            // The same creation sent twice at once: the other one won, answer it.
            const raced = await replay(client);
            if (raced !== undefined) return raced;
            throw new AppError('CONFLICT', 'Cette adresse e-mail a déjà un compte ISMAIL.');
          }
          await client.query("INSERT INTO kyc_cases (id, account_id, state) VALUES ($1, $2, 'draft')", [
            caseId,
            partnerId,
          ]);
          await client.query(
            'INSERT INTO rep_onboardings (partner_id, sales_rep_id, idempotency_key, case_id) VALUES ($1, $2, $3, $4)',
            [partnerId, rep.accountId, key, caseId],
          );
          await appendAudit(client, {
            actor: { accountId: rep.accountId, label: 'sales_rep' },
            action: 'account.onboarded_by_rep',
            subject: { type: 'account', id: partnerId },
            place: `ip:${request.ip}`,
            detail: { profile: 'partner', salesRepId: rep.accountId, caseId },
          });
          return { partnerId, caseId, status: 'pending', caseState: 'draft' };
        });
        return reply.status(201).send(created);
      },
    );

    app.put(
      '/v1/rep/partners/:partnerId/kyc/documents/:kind',
      {
        config: { access },
        schema: {
          tags: ['kyc'],
          summary: "Upload one of the partner's KYC documents on its behalf (raw JPEG, PNG or PDF), sealed",
          operationId: 'repUploadPartnerKycDocument',
          params: Type.Object({ partnerId: Uuid, kind: Type.Union(kycDocumentKinds.map((k) => Type.Literal(k))) }),
          response: errors,
        },
      },
      async (request, reply) => {
        const rep = repOf(request);
        const { partnerId, kind } = request.params;
        const onboarding = await onboardingOf(rep.accountId, partnerId);
        openOnly(onboarding);
        const bytes = request.body;
        if (!Buffer.isBuffer(bytes))
          throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Envoyez le fichier lui-même (JPEG, PNG ou PDF).');
        const contentType = checkDocument(kind, request.headers['content-type'] ?? '', bytes);
        const documentId = randomUUID();
        let written = false;
        try {
          await withTransaction(db.pool, async (client) => {
            const locked = await client.query<{ state: string }>(
              'SELECT state FROM kyc_cases WHERE id = $1 FOR UPDATE',
              [onboarding.caseId],
            );
            if (locked.rows[0]?.state !== 'draft')
              throw new AppError('KYC_CASE_SUBMITTED', 'Ce dossier a déjà été soumis.');
            const held = await client.query<{ n: number; bytes: string }>(
              'SELECT count(*)::int AS n, coalesce(sum(size_bytes), 0)::bigint AS bytes FROM kyc_documents WHERE case_id = $1',
              [onboarding.caseId],
            );
            if (
              Number(held.rows[0]?.n ?? 0) >= kycDocumentsPerCaseMax ||
              Number(held.rows[0]?.bytes ?? 0) + bytes.length > kycCaseMaxBytes
            )
              throw new AppError('KYC_CASE_FULL', 'Ce dossier contient déjà autant de documents qu’il peut.');
            await store.write(documentId, bytes, client);
            written = true;
            await client.query(
              'INSERT INTO kyc_documents (id, case_id, kind, content_type, size_bytes) VALUES ($1, $2, $3, $4, $5)',
              [documentId, onboarding.caseId, kind, contentType, bytes.length],
            );
            await appendAudit(client, {
              actor: { accountId: rep.accountId, label: 'sales_rep' },
              action: 'kyc.document_uploaded_by_rep',
              subject: { type: 'kyc_document', id: documentId },
              place: `ip:${request.ip}`,
              detail: { onBehalfOf: partnerId, caseId: onboarding.caseId, kind, sizeBytes: bytes.length },
            });
          });
        } catch (error) {
          if (written) await store.remove(documentId);
          throw error;
        }
        return reply.status(201).send({ documentId, kind, contentType, sizeBytes: bytes.length });
      },
    );

    app.post(
      '/v1/rep/partners/:partnerId/consent-code',
      {
        config: { access },
        schema: {
          tags: ['kyc'],
          summary: 'Send the partner a one-time consent code by SMS (10 minutes, 5 tries)',
          operationId: 'repSendPartnerConsentCode',
          params: PartnerParams,
          response: errors,
        },
      },
      async (request, reply) => {
        const rep = repOf(request);
        const { partnerId } = request.params;
        const onboarding = await onboardingOf(rep.accountId, partnerId);
        openOnly(onboarding);
        if (onboarding.phone === null) throw new AppError('CONFLICT', 'Ce partenaire n’a pas de téléphone.');
        const code = newConsentCode();
        const sent = await db.pool.query(
          `UPDATE rep_onboardings SET code_hash = $2, code_expires_at = now() + make_interval(mins => $3),
                  code_tries = 0, codes_sent = codes_sent + 1
           WHERE partner_id = $1 AND codes_sent < $4 AND consent_at IS NULL`,
          [partnerId, hashCode(partnerId, code), consentCodeTtlMinutes, consentCodesSentMax],
        );
        if (sent.rowCount !== 1)
          throw new AppError(
            onboarding.consentAt === null ? 'RATE_LIMITED' : 'CONFLICT',
            onboarding.consentAt === null
              ? 'Trop de codes envoyés à ce partenaire : contactez le support.'
              : 'Le partenaire a déjà donné son accord.',
          );
        const repName = await db.pool.query<{ name: string }>(
          'SELECT display_name AS name FROM accounts WHERE id = $1',
          [rep.accountId],
        );
        await sendConsentSms(deps.sms, onboarding.phone, code, repName.rows[0]?.name ?? 'ISMAIL');
        await withTransaction(db.pool, (client) =>
          appendAudit(client, {
            actor: { accountId: rep.accountId, label: 'sales_rep' },
            action: 'kyc.consent_code_sent',
            subject: { type: 'account', id: partnerId },
            place: `ip:${request.ip}`,
            detail: { channel: 'sms', expiresInMinutes: consentCodeTtlMinutes },
          }),
        );
        return reply.status(202).send({ sent: true, expiresInMinutes: consentCodeTtlMinutes });
      },
    );

    app.post(
      '/v1/rep/partners/:partnerId/consent',
      {
        config: { access },
        schema: {
          tags: ['kyc'],
          summary: "Record the partner's consent with the code it read out, then submit its KYC case",
          operationId: 'repRecordPartnerConsent',
          params: PartnerParams,
          body: Type.Object({ code: Type.String({ pattern: '^[0-9]{6}$' }) }, { additionalProperties: false }),
          response: { 200: OnboardedSchema, ...errors },
        },
      },
      async (request) => {
        const rep = repOf(request);
        const { partnerId } = request.params;
        const place = `ip:${request.ip}`;
        openOnly(await onboardingOf(rep.accountId, partnerId));
        const check = await withTransaction(db.pool, async (client) => {
          const result = await checkConsentCode(client, partnerId, hashCode(partnerId, request.body.code));
          if (result === 'accepted') {
            await client.query(
              `UPDATE rep_onboardings SET consent_version = $2, consent_at = clock_timestamp(), consent_channel = 'sms_code',
                      consent_recorded_by = $3 WHERE partner_id = $1`,
              [partnerId, kycConsentVersion, rep.accountId],
            );
          }
          await appendAudit(client, {
            actor: { accountId: rep.accountId, label: 'sales_rep' },
            action: result === 'accepted' ? 'kyc.consent_recorded' : 'kyc.consent_code_refused',
            subject: { type: 'account', id: partnerId },
            place,
            detail: { outcome: result, consentVersion: kycConsentVersion, channel: 'sms_code' },
          });
          return result;
        });
        if (check !== 'accepted') refuseCode(check);
        return submit(rep.accountId, partnerId, place);
      },
    );

    app.post(
      '/v1/rep/partners/:partnerId/kyc/submit',
      {
        config: { access },
        schema: {
          tags: ['kyc'],
          summary: "Submit the partner's KYC case (only once it consented)",
          operationId: 'repSubmitPartnerKyc',
          params: PartnerParams,
          response: { 200: OnboardedSchema, ...errors },
        },
      },
      async (request) => {
        const rep = repOf(request);
        return submit(rep.accountId, request.params.partnerId, `ip:${request.ip}`);
      },
    );
  };
}
