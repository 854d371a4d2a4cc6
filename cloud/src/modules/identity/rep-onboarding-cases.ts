/**
 * The cases a sales rep filed for its partners (issue 23): finding one (only the rep's own; another's reads as absent)
 * and submitting it, which needs the partner's recorded consent, an ID document and a photo; audited with the rep as
 * actor and the consent the partner gave.
 */
import { AppError } from '@ismail/shared';
import { appendAudit } from '../../platform/audit/audit-log.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { runBiometricCheck } from '../kyc/biometrics.js';
import type { RepOnboardingDeps } from './rep-onboarding-routes.js';

export interface Onboarding {
  caseId: string;
  caseState: string;
  phone: string | null;
  consentAt: Date | null;
}

export function repOnboardingCases(deps: Pick<RepOnboardingDeps, 'db' | 'store' | 'biometrics'>) {
  const { db, store } = deps;

  /** The partner this rep onboarded, or 404 (another rep's partner is not revealed). */
  const onboardingOf = async (repId: string, partnerId: string): Promise<Onboarding> => {
    const { rows } = await db.pool.query<Onboarding>(
      `SELECT o.case_id AS "caseId", c.state AS "caseState", a.phone_e164 AS phone, o.consent_at AS "consentAt"
       FROM rep_onboardings o JOIN accounts a ON a.id = o.partner_id JOIN kyc_cases c ON c.id = o.case_id
       WHERE o.partner_id = $1 AND o.sales_rep_id = $2 AND a.sales_rep_id = $2`,
      [partnerId, repId],
    );
    if (rows[0] === undefined) throw new AppError('NOT_FOUND', 'Aucun partenaire de ce nom parmi les vôtres.');
    return rows[0];
  };
  const openOnly = (o: Onboarding): void => {
    if (o.caseState !== 'draft') throw new AppError('KYC_CASE_SUBMITTED', 'Ce dossier a déjà été soumis.');
  };
  const latestDocuments = async (q: Pick<typeof db.pool, 'query'>, caseId: string) => {
    const { rows } = await q.query<{ id: string; kind: string }>(
      'SELECT DISTINCT ON (kind) id, kind FROM kyc_documents WHERE case_id = $1 ORDER BY kind, created_at DESC, id',
      [caseId],
    );
    return new Map(rows.map((r) => [r.kind, r.id]));
  };

  /** Submits the case; refused without the partner's recorded consent or without an ID document and a photo. */
  const submit = async (repId: string, partnerId: string, place: string) => {
    const onboarding = await onboardingOf(repId, partnerId);
    openOnly(onboarding);
    if (onboarding.consentAt === null)
      throw new AppError('CONFLICT', 'Le partenaire n’a pas encore donné son accord (code SMS).');
    const { caseId } = onboarding;
    const latest = await latestDocuments(db.pool, caseId);
    const photoId = latest.get('photo');
    const idDocumentId = latest.get('id_document');
    if (photoId === undefined || idDocumentId === undefined)
      throw new AppError('VALIDATION_FAILED', 'Ajoutez une pièce d’identité et une photo avant de soumettre.');
    const checks = {
      hasIdDocument: true,
      hasPhoto: true,
      biometric: await runBiometricCheck(deps.biometrics, await store.read(photoId), await store.read(idDocumentId)),
    };
    await withTransaction(db.pool, async (client) => {
      const locked = await client.query<{ state: string }>('SELECT state FROM kyc_cases WHERE id = $1 FOR UPDATE', [
        caseId,
      ]);
      if (locked.rows[0]?.state !== 'draft') throw new AppError('KYC_CASE_SUBMITTED', 'Ce dossier a déjà été soumis.');
      const now = await latestDocuments(client, caseId);
      if (now.get('photo') !== photoId || now.get('id_document') !== idDocumentId)
        throw new AppError('CONFLICT', 'Un document a changé pendant la vérification : soumettez à nouveau.');
      const consent = await client.query<{ consent_version: string; consent_at: Date }>(
        'SELECT consent_version, consent_at FROM rep_onboardings WHERE partner_id = $1 AND consent_at IS NOT NULL',
        [partnerId],
      );
      const given = consent.rows[0];
      if (given === undefined) throw new AppError('CONFLICT', 'Le partenaire n’a pas encore donné son accord.');
      await client.query(
        "UPDATE kyc_cases SET state = 'in_review', consent_version = $2, consent_at = $3, submitted_at = clock_timestamp(), checks = $4 WHERE id = $1",
        [caseId, given.consent_version, given.consent_at, JSON.stringify(checks)],
      );
      await appendAudit(client, {
        actor: { accountId: repId, label: 'sales_rep' },
        action: 'kyc.submitted',
        subject: { type: 'kyc_case', id: caseId },
        place,
        detail: { onBehalfOf: partnerId, consentVersion: given.consent_version, consentChannel: 'sms_code', checks },
      });
    });
    return { partnerId, caseId, status: 'pending', caseState: 'in_review' };
  };
  return { onboardingOf, openOnly, submit };
}
