// An invoice's tax authority QR as modules the portal draws (issue 22 item 6): its recipient and
// its issuer read the QR of a certified invoice; anyone else gets the same 404 as for an unknown
// id; an invoice not certified yet has no QR (404); without a session, 401. The modules are the
// QR of the text the authority returned.
import { randomUUID } from 'node:crypto';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeTotals, type InvoiceDraft } from '@ismail/shared';
import { createDraft, issueInvoice, type InvoiceRecord } from '../src/modules/invoicing/invoices.js';
import { withTransaction } from '../src/platform/db/transaction.js';
import { testBackends } from './support/databases.js';
import { bearer, type Person } from './support/people.js';
import { openTestCloud, type TestCloud } from './support/test-cloud.js';

const lines = [{ label: 'Garba', quantityMilli: 1000, unitPriceXof: 1_500, taxGroup: 'CI-TVA-18', discountXof: 0 }];
const document: InvoiceDraft = {
  kind: 'invoice',
  currency: 'XOF',
  priceMode: 'tax_included',
  seller: { legalName: 'Maquis Test', taxId: '7654321B', taxRegime: 'RME', address: 'Abidjan', country: 'CI' },
  buyer: { kind: 'B2C' },
  lines,
  payments: [{ method: 'wallet', amountXof: computeTotals({ lines, priceMode: 'tax_included' }).grossXof }],
};
const qrText = 'https://fne.example/verify/000777';

describe.each(testBackends)("an invoice's tax QR, on $name", (backend) => {
  let cloud: TestCloud;
  let certified: InvoiceRecord;
  let pending: InvoiceRecord;
  const qrOf = (person: Person | null, id: string) =>
    cloud.app.inject({
      method: 'GET',
      url: `/v1/invoices/${id}/qr`,
      headers: person === null ? {} : bearer(cloud.people[person]),
    });

  beforeAll(async () => {
    cloud = await openTestCloud(backend, { seedRates: false });
    const issue = () =>
      withTransaction(cloud.db.pool, async (c) => {
        const draft = await createDraft(c, {
          issuerAccountId: cloud.people.partnerA.id,
          register: 'cloud',
          document,
          createdBy: cloud.people.partnerA.id,
          source: 'test',
          sourceRef: randomUUID(),
          recipientAccountId: cloud.people.clientA.id,
        });
        return issueInvoice(c, draft.id, { label: 'test', place: 'test' });
      });
    certified = await issue();
    pending = await issue();
    await cloud.db.pool.query(
      "UPDATE invoices SET clearance_status = 'certified', authority = 'fne', authority_reference = 'FNE-2026-000777', qr_data = $2, certified_at = now() WHERE id = $1",
      [certified.id, qrText],
    );
  });
  afterAll(async () => {
    await cloud.close();
  });

  it('gives the recipient and the issuer the modules of the authority QR', async () => {
    const expected = QRCode.create(qrText, { errorCorrectionLevel: 'M' }).modules;
    for (const person of ['clientA', 'partnerA'] as const) {
      const response = await qrOf(person, certified.id);
      expect(response.statusCode, response.body).toBe(200);
      const qr = response.json<{ size: number; modules: string }>();
      expect(qr.size).toBe(expected.size);
      expect(qr.modules).toBe(Array.from(expected.data, (dark) => (dark ? '1' : '0')).join(''));
    }
  });

  it('refuses anyone else as unknown, an uncertified invoice, and no session', async () => {
    for (const person of ['clientB', 'partnerB'] as const) {
      const response = await qrOf(person, certified.id);
      expect(response.statusCode).toBe(404);
    }
    expect((await qrOf('clientA', pending.id)).statusCode).toBe(404);
    expect((await qrOf('clientA', randomUUID())).statusCode).toBe(404);
    expect((await qrOf('clientA', 'not-a-uuid')).statusCode).toBe(400);
    expect((await qrOf(null, certified.id)).statusCode).toBe(401);
  });
});
