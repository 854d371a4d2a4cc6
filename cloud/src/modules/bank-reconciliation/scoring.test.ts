import { describe, expect, it } from 'vitest';
import { csvAmount, csvDate, parseBankCsv } from './parse-csv.js';
import { parseCamt053, xofAmount } from './parse-camt.js';
import { nameKey, nameSimilarity, TargetIndex, type ScoringLine, type ScoringTarget } from './scoring.js';

const target = (id: string, extra: Partial<ScoringTarget> = {}): ScoringTarget => ({
  targetType: 'invoice',
  targetId: id,
  label: `Facture ${id}`,
  amountXof: 25_000,
  date: '2026-11-10',
  reference: `F-2026-${id}`,
  name: 'Kouassi Aya',
  ...extra,
});
const line = (extra: Partial<ScoringLine> = {}): ScoringLine => ({
  amountXof: 25_000,
  bookedOn: '2026-11-12',
  reference: '',
  label: '',
  counterpartyName: '',
  ...extra,
});

describe('bank suggestions', () => {
  it('never finds a reference inside a longer one, nor a target already matched', () => {
    const index = new TargetIndex([target('0001', { amountXof: 9_000 }), target('00010', { amountXof: 7_000 })]);
    const [only, ...rest] = index.suggest(line({ amountXof: 7_000, label: 'VIR FACT F-2026-00010' }));
    expect(only?.targetId).toBe('00010');
    expect(rest.filter((s) => s.reasons.includes('même référence'))).toEqual([]);
    expect(index.suggest(line({ amountXof: 7_000, label: 'F-2026-00010' }), new Set(['invoice:00010']))).toEqual([]);
  });

  it('ignores the same amount more than 7 days away, and a similar name without the amount', () => {
    const index = new TargetIndex([target('a', { date: '2026-11-01' }), target('b', { amountXof: 30_000 })]);
    expect(index.suggest(line({ counterpartyName: 'KOUASSI AYA' }))).toEqual([]);
  });

  it('puts the reference first (100), then amount, date and name, each explained in French', () => {
    const index = new TargetIndex([
      target('ref', { amountXof: 25_000, date: '2026-10-30' }),
      target('near', { date: '2026-11-10', name: 'Yao Konan' }),
      target('named', { date: '2026-11-08', name: 'Kouassi Aya' }),
      target('far', { date: '2026-11-18', name: 'Traoré Ali' }),
    ]);
    const found = index.suggest(
      line({ reference: 'F2026 x', label: 'PAIEMENT F-2026-ref', counterpartyName: 'AYA KOUASI' }),
    );
    expect(found.map((s) => s.targetId)).toEqual(['ref', 'named', 'near']);
    expect(found[0]).toMatchObject({ score: 100, reasons: ['même référence'] });
    expect(found[1]?.reasons).toEqual(["même montant, 4 jours d'écart", 'nom similaire à 91 %']);
    expect(found[2]?.reasons).toEqual(["même montant, 2 jours d'écart"]);
    expect(found[1]!.score).toBeLessThan(100);
  });

  it('normalises names: accents, case, civilities and word order', () => {
    expect(nameKey('M. KONÉ Ibrahim')).toBe('ibrahim kone');
    expect(nameSimilarity('Ets Koné Ibrahim', 'IBRAHIM KONE')).toBe(1);
    expect(nameSimilarity('Kone', '')).toBe(0);
  });
});

describe('statement files', () => {
  it('reads amounts as banks print them and refuses a fraction of a franc', () => {
    expect([csvAmount('12 500'), csvAmount('12500,00'), csvAmount('-3 000'), csvAmount('1.250.000')]).toEqual([
      12_500, 12_500, -3_000, 1_250_000,
    ]);
    expect([csvAmount('12,50'), csvAmount('douze'), xofAmount('100.50'), xofAmount('100.00')]).toEqual([
      null,
      null,
      null,
      100,
    ]);
    expect([
      csvDate('31/12/2026', 'DD/MM/YYYY'),
      csvDate('31/02/2026', 'DD/MM/YYYY'),
      csvDate('2026-12-01', 'DD-MM-YYYY'),
    ]).toEqual(['2026-12-31', null, null]);
  });

  it('refuses malformed XML and a CSV line without a date, and keeps a foreign-currency line with its problem', () => {
    expect(() => parseCamt053('<Document><BkToCstmrStmt>')).toThrow(/mal formé/);
    expect(() => parseCamt053('<Document><Other/></Document>')).toThrow(/camt.053/);
    const mapping = {
      bankName: 'SGCI',
      delimiter: ';',
      dateColumn: 'Date',
      dateFormat: 'DD/MM/YYYY',
      amountColumn: 'Montant',
    } as const;
    expect(() => parseBankCsv('Date;Montant\n;12 500\n', mapping)).toThrow(/Ligne 2/);
    const camt = `<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><Stmt>
      <Acct><Id><IBAN>CI93CI0080111301134291200589</IBAN></Id></Acct>
      <Ntry><Amt Ccy="EUR">10.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><BookgDt><Dt>2026-11-02</Dt></BookgDt></Ntry>
      <Ntry><Amt Ccy="XOF">3000</Amt><CdtDbtInd>DBIT</CdtDbtInd><BookgDt><Dt>2026-11-03</Dt></BookgDt>
        <NtryDtls><TxDtls><Refs><EndToEndId>E2E-9</EndToEndId></Refs><RltdPties><Cdtr><Nm>ISMAIL</Nm></Cdtr></RltdPties>
        <RmtInf><Ustrd>ACHAT</Ustrd><Ustrd>CREDITS</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>
    </Stmt></BkToCstmrStmt></Document>`;
    const parsed = parseCamt053(camt);
    expect(parsed.accountIban).toBe('CI93CI0080111301134291200589');
    expect(parsed.lines[0]).toMatchObject({ amountXof: 0, problem: expect.stringMatching(/Devise EUR/) });
    expect(parsed.lines[1]).toEqual({
      bookedOn: '2026-11-03',
      amountXof: -3_000,
      reference: 'E2E-9',
      counterpartyName: 'ISMAIL',
      label: 'ACHAT CREDITS',
      problem: null,
    });
  });
});
