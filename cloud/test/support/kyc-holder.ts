/**
 * A newcomer through the client's own routes: signs up, sends the KYC documents (a real PNG photo
 * and a PDF), submits with consent, and (for `approvedHolder`) is approved by an admin, which
 * activates the account and issues the card.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { PNG } from 'pngjs';
import { expect } from 'vitest';
import { kycConsentVersion } from '../../src/modules/kyc/routes.js';
import { bearer, type Signed } from './people.js';

export const realPng = (): Buffer => {
  const image = new PNG({ width: 16, height: 16 });
  image.data.fill(0x90);
  return PNG.sync.write(image);
};
const pdf = Buffer.from('%PDF-1.4\npiece\n%%EOF\n');

/** Signs up a new client; their authorization header. */
export async function newcomer(app: FastifyInstance): Promise<Record<string, string>> {
  const signedUp = await app.inject({
    method: 'POST',
    url: '/v1/auth/sign-up',
    payload: {
      profile: 'client',
      email: `nouveau-${randomUUID()}@test.ismail.ci`,
      password: 'mot-de-passe-solide',
      firstName: 'Aya',
      lastName: 'Traoré',
    },
  });
  expect(signedUp.statusCode).toBe(200);
  return { authorization: `Bearer ${signedUp.json<{ accessToken: string }>().accessToken}` };
}

/** Opens, fills and submits the newcomer's KYC case; its id. */
export async function submittedCase(app: FastifyInstance, headers: Record<string, string>): Promise<string> {
  const { caseId } = (await app.inject({ method: 'POST', url: '/v1/kyc/cases', headers })).json<{ caseId: string }>();
  for (const [kind, type, body] of [
    ['id_document', 'application/pdf', pdf],
    ['photo', 'image/png', realPng()],
  ] as const) {
    const put = await app.inject({
      method: 'PUT',
      url: `/v1/kyc/cases/${caseId}/documents/${kind}`,
      headers: { ...headers, 'content-type': type },
      payload: body,
    });
    expect(put.statusCode).toBe(201);
  }
  const submit = await app.inject({
    method: 'POST',
    url: `/v1/kyc/cases/${caseId}/submit`,
    headers,
    payload: { consent: true, consentVersion: kycConsentVersion },
  });
  expect(submit.statusCode).toBe(200);
  return caseId;
}

export const decideCase = (
  app: FastifyInstance,
  admin: Signed,
  caseId: string,
  approve: boolean,
  reason: string,
): Promise<LightMyRequestResponse> =>
  app.inject({
    method: 'POST',
    url: `/v1/admin/kyc/cases/${caseId}/decision`,
    headers: bearer(admin),
    payload: { approve, reason },
  });

/** A newcomer approved by `admin`: their headers and card id. */
export async function approvedHolder(
  app: FastifyInstance,
  admin: Signed,
): Promise<{ headers: Record<string, string>; cardId: string }> {
  const headers = await newcomer(app);
  const caseId = await submittedCase(app, headers);
  expect((await decideCase(app, admin, caseId, true, 'documents conformes')).statusCode).toBe(200);
  const card = (await app.inject({ method: 'GET', url: '/v1/cards/mine', headers })).json<{ cardId: string }>();
  return { headers, cardId: card.cardId };
}
