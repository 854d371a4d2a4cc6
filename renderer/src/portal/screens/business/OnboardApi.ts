/**
 * A sales rep onboarding a partner (issue 23), through the typed client: create the partner (one Idempotency-Key per
 * form, kept until the cloud answered), send its documents as raw bodies, send the SMS consent code, record the code
 * the partner reads out. Each answers null on success or the cloud's stable code of the refusal.
 */
import { api } from '../../api/client.js';
import { idempotencyHeaders, settleIntent } from '../../api/intent.js';

export type OnboardDocumentKind = 'id_document' | 'photo';
/** The cloud's limits for KYC documents (kyc/documents.ts). */
export const onboardLimits = {
  documentMaxBytes: 5 * 1024 * 1024,
  contentTypes: ['image/jpeg', 'image/png', 'application/pdf'],
} as const;

const codeOf = (error: unknown): string =>
  ((error as { error?: { code?: unknown } } | undefined)?.error?.code as string | undefined) ?? 'other';

export async function createPartner(
  intentId: string,
  body: { businessName: string; phone: string; email: string },
): Promise<{ partnerId: string } | { failure: string }> {
  const { data, error } = await api.POST('/v1/rep/partners', {
    params: { header: idempotencyHeaders(intentId) },
    body,
  });
  if (data === undefined) {
    const failure = codeOf(error);
    // A refusal a retry will not change: the next attempt is a new intent.
    if (failure !== 'other') settleIntent(intentId);
    return { failure };
  }
  settleIntent(intentId);
  return { partnerId: data.partnerId };
}

export async function uploadPartnerDocument(
  partnerId: string,
  kind: OnboardDocumentKind,
  file: File,
): Promise<string | null> {
  const { error, response } = await api.PUT('/v1/rep/partners/{partnerId}/kyc/documents/{kind}', {
    params: { path: { partnerId, kind } },
    body: file as never,
    bodySerializer: (b: unknown) => b as Blob,
    headers: { 'content-type': file.type },
  });
  return response.ok ? null : codeOf(error);
}

export async function sendConsentCode(partnerId: string): Promise<string | null> {
  const { error, response } = await api.POST('/v1/rep/partners/{partnerId}/consent-code', {
    params: { path: { partnerId } },
  });
  return response.ok ? null : codeOf(error);
}

export async function recordConsent(partnerId: string, code: string): Promise<string | null> {
  const { error, response } = await api.POST('/v1/rep/partners/{partnerId}/consent', {
    params: { path: { partnerId } },
    body: { code },
  });
  return response.ok ? null : codeOf(error);
}
