// Attack (issue 20.11): KYC uploads without bounds, and documents slipped into a case after
// it was submitted (the reviewer approves what it saw; the file under review changes behind
// it). Uploads racing a submit either land before it (and are counted in what it submitted)
// or are refused with KYC_CASE_SUBMITTED; a case holds at most a named number of documents
// and bytes, also under parallel uploads (KYC_CASE_FULL), and nothing refused is stored.
import { readdirSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/platform/db/database.js';
import { kycCaseMaxBytes, kycDocumentMaxBytes, kycDocumentsPerCaseMax } from '../../src/modules/kyc/documents.js';
import { kycConsentVersion } from '../../src/modules/kyc/routes.js';
import { checkLedger } from '../../src/modules/wallet/ledger-check.js';
import { testBackends } from '../support/databases.js';
import { moneyState } from '../support/money-state.js';
import { bearer, type Person, type Signed } from '../support/people.js';
import { openTestCloud, type TestCloud } from '../support/test-cloud.js';

const png = (text: string, size = 0): Buffer =>
  Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(text), Buffer.alloc(size)]);
const pdf = (text: string): Buffer => Buffer.from(`%PDF-1.4\n${text}\n%%EOF\n`);
const rounds = 12;
const racers = 6;

describe.each(testBackends)('attack: KYC documents after submit and without bounds, on $name', (backend) => {
  let cloud: TestCloud;
  let db: Database;
  let app: FastifyInstance;
  let people: Record<Person, Signed>;
  let kycDir: string;

  beforeAll(async () => {
    cloud = await openTestCloud(backend, { seedRates: false, logLevel: 'silent' });
    ({ db, app, people } = cloud);
    kycDir = cloud.secrets.kycDir;
  });
  afterAll(async () => {
    await cloud.close();
  });

  const openCase = async (person: Signed): Promise<string> => {
    const opened = await app.inject({ method: 'POST', url: '/v1/kyc/cases', headers: bearer(person) });
    expect(opened.statusCode, opened.body).toBe(201);
    return opened.json<{ caseId: string }>().caseId;
  };
  const upload = (person: Signed, caseId: string, kind: string, contentType: string, body: Buffer) =>
    app.inject({
      method: 'PUT',
      url: `/v1/kyc/cases/${caseId}/documents/${kind}`,
      headers: { ...bearer(person), 'content-type': contentType },
      payload: body,
    });
  const submit = (person: Signed, caseId: string) =>
    app.inject({
      method: 'POST',
      url: `/v1/kyc/cases/${caseId}/submit`,
      headers: bearer(person),
      payload: { consent: true, consentVersion: kycConsentVersion },
    });
  const codeOf = (body: string): string => (JSON.parse(body) as { error?: { code?: string } }).error?.code ?? '';
  const documents = async (caseId: string): Promise<{ n: number; bytes: number }> => {
    const { rows } = await db.pool.query<{ n: string; bytes: string | null }>(
      'SELECT count(*) AS n, sum(size_bytes) AS bytes FROM kyc_documents WHERE case_id = $1',
      [caseId],
    );
    return { n: Number(rows[0]?.n), bytes: Number(rows[0]?.bytes ?? 0) };
  };

  it('never adds a document to a submitted case, even racing the submit', async () => {
    const client = people.clientA;
    const state = await moneyState(db);
    let afterSubmit = 0;
    let refused = 0;
    for (let round = 0; round < rounds; round++) {
      const caseId = await openCase(client);
      expect(
        (await upload(client, caseId, 'id_document', 'application/pdf', pdf(`passeport ${String(round)}`))).statusCode,
      ).toBe(201);
      expect((await upload(client, caseId, 'photo', 'image/png', png(`photo ${String(round)}`))).statusCode).toBe(201);
      // Uploads spread over the submit's run (0 to 25 ms after it starts): some land before it, some after, some in
      // between.
      const late = (i: number) => new Promise<void>((resolve) => setTimeout(resolve, i * 5));
      const [submitted, ...uploads] = await Promise.all([
        submit(client, caseId),
        ...Array.from({ length: racers }, (_, i) =>
          late(i).then(() =>
            upload(client, caseId, 'proof_of_address', 'application/pdf', pdf(`facture ${String(round)}-${String(i)}`)),
          ),
        ),
      ]);
      expect(submitted?.statusCode, submitted?.body).toBe(200);
      for (const u of uploads) {
        if (u.statusCode === 201) continue;
        expect(u.statusCode, u.body).toBe(409);
        expect(codeOf(u.body)).toBe('KYC_CASE_SUBMITTED');
        refused++;
      }
      // Every document the case holds was there when it was submitted.
      const { rows } = await db.pool.query<{ n: string }>(
        'SELECT count(*) AS n FROM kyc_documents d JOIN kyc_cases c ON c.id = d.case_id WHERE c.id = $1 AND d.created_at > c.submitted_at',
        [caseId],
      );
      afterSubmit += Number(rows[0]?.n);
      // And after it, sequentially: refused with the stable code.
      const after = await upload(client, caseId, 'photo', 'image/png', png('later'));
      expect(codeOf(after.body), after.body).toBe('KYC_CASE_SUBMITTED');
      // Nor around the route: the database refuses a document for a case out of draft.
      if (round === 0)
        await expect(
          db.pool.query(
            "INSERT INTO kyc_documents (id, case_id, kind, content_type, size_bytes) VALUES (gen_random_uuid(), $1, 'photo', 'image/png', 10)",
            [caseId],
          ),
        ).rejects.toThrow(/not in draft/);
      await db.pool.query(
        "UPDATE kyc_cases SET state = 'rejected', decided_at = now(), decision_reason = 'test round' WHERE id = $1",
        [caseId],
      );
    }
    expect(afterSubmit).toBe(0);
    // The race was real: some uploads lost it (each round fires them together with the submit).
    expect(refused).toBeGreaterThan(0);
    expect(await moneyState(db)).toEqual(state);
  });

  it('bounds a case by number of documents and bytes, also under parallel uploads, storing nothing refused', async () => {
    expect(kycDocumentsPerCaseMax).toBeGreaterThanOrEqual(3);
    expect(kycCaseMaxBytes).toBeGreaterThanOrEqual(kycDocumentMaxBytes);
    const client = people.clientB;
    const caseId = await openCase(client);
    const answers = await Promise.all(
      Array.from({ length: kycDocumentsPerCaseMax + 5 }, (_, i) =>
        upload(client, caseId, 'proof_of_address', 'application/pdf', pdf(`page ${String(i)}`)),
      ),
    );
    expect(answers.filter((a) => a.statusCode === 201)).toHaveLength(kycDocumentsPerCaseMax);
    for (const a of answers.filter((x) => x.statusCode !== 201)) expect(codeOf(a.body), a.body).toBe('KYC_CASE_FULL');
    expect((await documents(caseId)).n).toBe(kycDocumentsPerCaseMax);
    await db.pool.query(
      "UPDATE kyc_cases SET state = 'rejected', decided_at = now(), decision_reason = 'test' WHERE id = $1",
      [caseId],
    );

    // Bytes: documents as large as allowed, until the case's total would pass its bound.
    const big = await openCase(client);
    const each = kycDocumentMaxBytes - 64;
    const fit = Math.floor(kycCaseMaxBytes / each);
    const bytesAnswers = await Promise.all(
      Array.from({ length: fit + 2 }, (_, i) =>
        upload(client, big, 'photo', 'image/png', png(String(i), each - 9 - String(i).length)),
      ),
    );
    expect(bytesAnswers.filter((a) => a.statusCode === 201)).toHaveLength(Math.min(fit, kycDocumentsPerCaseMax));
    for (const a of bytesAnswers.filter((x) => x.statusCode !== 201))
      expect(codeOf(a.body), a.body).toBe('KYC_CASE_FULL');
    const stored = await documents(big);
    expect(stored.bytes).toBeLessThanOrEqual(kycCaseMaxBytes);
    expect(stored.n).toBe(Math.min(fit, kycDocumentsPerCaseMax));
    // A refused upload leaves no sealed file behind: one file per recorded document.
    const recorded = Number((await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM kyc_documents')).rows[0]?.n);
    expect(readdirSync(kycDir).filter((f) => f.endsWith('.sealed'))).toHaveLength(recorded);
    expect(await checkLedger(db)).toMatchObject({ ok: true });
  });
});
