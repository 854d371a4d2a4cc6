// Proves invoice issuing on a real database: validation holds a bad draft, issue numbers
// without gaps and freezes the document (the database itself refuses an edit or a delete),
// credit notes take back exactly what they name, and two registers issuing 500 invoices each
// at the same time produce two gapless sequences.
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeTotals, invoiceContentHash, type InvoiceDraft } from '@ismail/shared';
import type { Database } from '../src/platform/db/database.js';
import { withTransaction } from '../src/platform/db/transaction.js';
import { createDraft, creditInvoice, issueInvoice, sha256Hex, updateDraft } from '../src/modules/invoicing/invoices.js';
import { monthlyTaxReport } from '../src/modules/reports/tax-report.js';
import { everyTestBackend } from './support/databases.js';
import { insertAccount, walletStack } from './support/wallet-fixtures.js';

const actor = { label: 'test', place: 'test' };
const seller = {
  legalName: 'Boutique Awa SARL',
  taxId: '1234567A',
  taxRegime: 'RSI',
  address: 'Cocody, Abidjan',
  country: 'CI',
};
const line = (label: string, quantityMilli: number, unitPriceXof: number, taxGroup = 'CI-TVA-18') => ({
  label,
  quantityMilli,
  unitPriceXof,
  taxGroup,
  discountXof: 0,
});
function sale(lines = [line('Pagne wax', 2000, 5000), line('Livraison', 1000, 2500)]): InvoiceDraft {
  const total = computeTotals({ lines, priceMode: 'tax_included' }).grossXof;
  return {
    kind: 'invoice',
    currency: 'XOF',
    priceMode: 'tax_included',
    seller,
    buyer: { kind: 'B2C' },
    lines,
    payments: [{ method: 'cash', amountXof: total }],
  };
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'accepted';
  } catch (error) {
    return (error as { code?: string; message: string }).code ?? (error as Error).message;
  }
}

describe('invoice content hash', () => {
  it('is the SHA-256 of the shared test vector, the hash the cloud stored before it moved to shared', () => {
    // The vector of shared/src/invoicing/content-hash.test.ts; the hub hashes it with the same function.
    const document = sale();
    const input = {
      issuerAccountId: '4f0c2a8e-5b7d-4c1e-9a3f-2d6b8e1c7a90',
      kind: 'invoice' as const,
      number: 'F-CAISSE1-2026-000042',
      issuedAt: '2026-12-05T10:30:00.000Z',
      document: { ...document, payments: [{ method: 'wallet' as const, amountXof: 12_500 }] },
      totals: computeTotals(document),
    };
    expect(invoiceContentHash(input, sha256Hex)).toBe(
      '8ef02d4d4c16520efcf804deacd096a97ce292e719985975edfeacaad8986133',
    );
  });
});

describe.each(everyTestBackend)('invoicing on $name', (backend) => {
  let db: Database;
  let issuer: string;
  beforeAll(async () => {
    db = await backend.open();
    await walletStack(db); // migrations
    issuer = await insertAccount(db, 'partner');
  });
  afterAll(async () => {
    await db.close();
  });
  const tx = <T>(work: (c: pg.PoolClient) => Promise<T>) => withTransaction(db.pool, work);

  it('holds a draft that fails validation, then issues it numbered, frozen and hashed', async () => {
    const bad = { ...sale(), payments: [{ method: 'cash' as const, amountXof: 100 }] };
    const draft = await tx((c) =>
      createDraft(c, { issuerAccountId: issuer, register: 'cloud', document: bad, createdBy: 'test' }),
    );
    const held = await tx((c) => issueInvoice(c, draft.id, actor));
    expect(held.status).toBe('held');
    expect(held.problems?.[0]?.path).toBe('/payments');
    expect(held.number).toBeNull();
    await tx((c) => updateDraft(c, draft.id, sale()));
    const issued = await tx((c) => issueInvoice(c, draft.id, actor, new Date('2026-11-24T10:00:00Z')));
    expect(issued).toMatchObject({ status: 'issued', number: 'F-CLOUD-2026-000001', sequence: 1 });
    expect(issued.totals?.grossXof).toBe(12_500);
    expect(issued.contentHash).toBe(
      invoiceContentHash(
        {
          issuerAccountId: issuer,
          kind: 'invoice',
          number: 'F-CLOUD-2026-000001',
          issuedAt: issued.issuedAt ?? '',
          document: issued.document,
          totals: issued.totals as never,
        },
        sha256Hex,
      ),
    );
    // Issuing again is a no-op: same number.
    expect((await tx((c) => issueInvoice(c, draft.id, actor))).number).toBe('F-CLOUD-2026-000001');
    const audit = await db.pool.query(
      "SELECT detail->>'number' AS number FROM audit_log WHERE action = 'invoice.issued' AND subject_id = $1",
      [draft.id],
    );
    expect(audit.rows).toEqual([{ number: 'F-CLOUD-2026-000001' }]);
  });

  it('refuses any change to an issued invoice, in the service and in the database itself', async () => {
    const draft = await tx((c) =>
      createDraft(c, { issuerAccountId: issuer, register: 'cloud', document: sale(), createdBy: 'test' }),
    );
    const issued = await tx((c) => issueInvoice(c, draft.id, actor));
    expect(await refusal(tx((c) => updateDraft(c, issued.id, sale([line('Autre', 1000, 1000)]))))).toBe('CONFLICT');
    await expect(
      db.pool.query("UPDATE invoices SET document = jsonb_set(document, '{note}', '\"changed\"') WHERE id = $1", [
        issued.id,
      ]),
    ).rejects.toThrow(/correct it with a credit note/);
    await expect(
      db.pool.query('UPDATE invoices SET totals = NULL, status = $2 WHERE id = $1', [issued.id, 'draft']),
    ).rejects.toThrow(/issued/);
    await expect(db.pool.query('DELETE FROM invoices WHERE id = $1', [issued.id])).rejects.toThrow(/cannot be deleted/);
    // The authority's answer is the one thing that may still be recorded.
    await db.pool.query("UPDATE invoices SET clearance_status = 'pending' WHERE id = $1", [issued.id]);
  });

  it('credits exactly the named lines and leaves the original unchanged', async () => {
    const draft = await tx((c) =>
      createDraft(c, {
        issuerAccountId: issuer,
        register: 'cloud',
        document: sale([line('Pagne', 3000, 5000), line('Riz (kg)', 1500, 700, 'CI-TVA-9')]),
        createdBy: 'test',
      }),
    );
    const original = await tx((c) => issueInvoice(c, draft.id, actor));
    const part = await tx((c) => creditInvoice(c, original.id, [{ index: 0, quantityMilli: 1000 }], actor));
    expect(part).toMatchObject({ kind: 'credit_note', status: 'issued', originalInvoiceId: original.id });
    expect(part.number).toMatch(/^AV-CLOUD-\d{4}-000001$/);
    expect(part.totals?.grossXof).toBe(5_000);
    expect(await refusal(tx((c) => creditInvoice(c, original.id, [{ index: 0, quantityMilli: 2001 }], actor)))).toBe(
      'VALIDATION_FAILED',
    );
    const rest = await tx((c) => creditInvoice(c, original.id, 'all', actor));
    // Everything credited: the two credit notes add up to the invoice, group by group.
    const both = (part.totals?.grossXof ?? 0) + (rest.totals?.grossXof ?? 0);
    expect(both).toBe(original.totals?.grossXof);
    expect(await refusal(tx((c) => creditInvoice(c, original.id, 'all', actor)))).toBe('VALIDATION_FAILED');
    const again = await db.pool.query<{ content_hash: string; document: unknown }>(
      'SELECT content_hash, document FROM invoices WHERE id = $1',
      [original.id],
    );
    expect(again.rows[0]?.content_hash).toBe(original.contentHash);
    expect(again.rows[0]?.document).toEqual(original.document);
  });

  it('reports a month of tax per group, credit notes subtracted, from the stored totals', async () => {
    const other = await insertAccount(db, 'partner');
    const at = new Date('2026-10-15T09:00:00Z');
    const make = async (lines: ReturnType<typeof line>[]) =>
      tx(async (c) =>
        issueInvoice(
          c,
          (
            await createDraft(c, {
              issuerAccountId: other,
              register: 'cloud',
              document: sale(lines),
              createdBy: 'test',
            })
          ).id,
          actor,
          at,
        ),
      );
    const a = await make([line('Pagne', 2000, 5000), line('Lait', 1000, 1090, 'CI-TVA-9')]);
    await make([line('Conseil', 1000, 11_800)]);
    await tx((c) => creditInvoice(c, a.id, [{ index: 0, quantityMilli: 1000 }], actor, at));
    // Outside the month: not counted.
    await tx(async (c) =>
      issueInvoice(
        c,
        (
          await createDraft(c, {
            issuerAccountId: other,
            register: 'cloud',
            document: sale([line('Novembre', 1000, 999)]),
            createdBy: 'test',
          })
        ).id,
        actor,
        new Date('2026-11-01T00:00:00Z'),
      ),
    );
    const report = await monthlyTaxReport(db, other, '2026-10');
    expect(report).toMatchObject({ invoices: 2, creditNotes: 1 });
    expect(report.groups).toEqual([
      {
        taxGroup: 'CI-TVA-18',
        rateBp: 1800,
        netXof: 8475 + 10_000 - 4237,
        taxXof: 1525 + 1800 - 763,
        grossXof: 10_000 + 11_800 - 5000,
      },
      { taxGroup: 'CI-TVA-9', rateBp: 900, netXof: 1000, taxXof: 90, grossXof: 1090 },
    ]);
    expect(report.grossXof).toBe(17_890);
  });

  it('numbers 500 invoices from each of two registers, issued concurrently, without a gap or a duplicate', async () => {
    const registers = ['cloud', 'hub-plateau-1'];
    const drafts: Awaited<ReturnType<typeof createDraft>>[] = [];
    for (const register of registers) {
      for (let from = 0; from < 500; from += 100) {
        drafts.push(
          ...(await Promise.all(
            Array.from({ length: 100 }, () =>
              tx((c) =>
                createDraft(c, {
                  issuerAccountId: issuer,
                  register,
                  document: sale([line('Ticket', 1000, 1000)]),
                  createdBy: 'test',
                }),
              ),
            ),
          )),
        );
      }
    }
    const at = new Date('2027-01-02T08:00:00Z');
    // Interleaved across both registers, 100 at a time: concurrent enough to race on the series
    // rows, bounded so a loaded CI machine does not time out waiting for the pool.
    const interleaved = (
      drafts.length === 1000 ? Array.from({ length: 500 }, (_, i) => [drafts[i], drafts[500 + i]]).flat() : drafts
    ).filter((d) => d !== undefined);
    for (let from = 0; from < interleaved.length; from += 100) {
      await Promise.all(interleaved.slice(from, from + 100).map((d) => tx((c) => issueInvoice(c, d.id, actor, at))));
    }
    for (const register of registers) {
      const { rows } = await db.pool.query<{ sequence: string; number: string }>(
        "SELECT sequence, number FROM invoices WHERE register = $1 AND issued_at = $2 AND kind = 'invoice' ORDER BY sequence",
        [register, at],
      );
      expect(rows.map((r) => Number(r.sequence))).toEqual(Array.from({ length: 500 }, (_, i) => i + 1));
      expect(new Set(rows.map((r) => r.number)).size).toBe(500);
      expect(rows[499]?.number).toBe(`F-${register.toUpperCase()}-2027-000500`);
    }
    // A thousand issues racing on the embedded database's one connection: a loaded 2-core run took over 30 s.
  }, 120_000);
});
