/**
 * Bank reconciliation fixtures: a partner's real records (issued invoices in the invoices table, mobile-money top-ups
 * through the wallet) and a bank statement built against them with realistic noise, as camt.053 or as a bank's CSV.
 * - a third of the lines carry the invoice number (or the top-up's provider reference) in their label or reference;
 * - a third carry only the amount, booked 1 to 5 days away, with a generic label;
 * - the rest carry the amount and the payer's name with a typo, another word order, accents or case lost;
 * - decoys: other invoices of the same partner with the same amount as some lines, within the date window.
 * Seeded, so a run is repeatable; what each line should match is returned alongside.
 */
import { randomUUID } from 'node:crypto';
import type { TestCloud } from './test-cloud.js';

export interface BankFixtureLine {
  readonly bookedOn: string;
  readonly amountXof: number;
  readonly reference: string;
  readonly counterpartyName: string;
  readonly label: string;
  readonly currency?: string;
  /** What the line really pays: the suggestion expected first. */
  readonly expected: { readonly targetType: 'invoice' | 'ledger'; readonly targetId: string } | null;
}

const firstNames = [
  'Aya',
  'Koffi',
  'Adjoua',
  'Yao',
  'Awa',
  'Ibrahim',
  'Mariam',
  'Konan',
  'Affoué',
  'Sékou',
  'Fatou',
  'Brou',
];
const lastNames = [
  'Kouassi',
  'Koné',
  'Traoré',
  'Yapo',
  'Bamba',
  'Diabaté',
  'N’Guessan',
  'Ouattara',
  'Kouamé',
  'Touré',
  'Gbagbo',
  'Assi',
];
const companies = ['Boutique', 'Ets', 'Pharmacie', 'Quincaillerie', 'Maquis'];

/** A small seeded generator (mulberry32): the same seed gives the same statement. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const dayOf = (date: Date) => date.toISOString().slice(0, 10);
const shift = (day: string, days: number) => dayOf(new Date(Date.parse(`${day}T12:00:00Z`) + days * 86_400_000));

/** An issued invoice of `issuer`, inserted as the invoicing module stores it (number, gross total, buyer, day). */
export async function insertInvoice(
  cloud: TestCloud,
  issuer: string,
  invoice: { number: string; grossXof: number; buyer: string; day: string },
): Promise<string> {
  const id = randomUUID();
  await cloud.db.pool.query(
    `INSERT INTO invoices (id, issuer_account_id, register, kind, status, document, totals, number, issued_at,
       content_hash, created_by)
     VALUES ($1, $2, 'cloud', 'invoice', 'issued', $3, $4, $5, $6, $7, 'test')`,
    [
      id,
      issuer,
      { buyer: { kind: 'B2C', name: invoice.buyer }, payments: [{ method: 'credit', amountXof: invoice.grossXof }] },
      { grossXof: invoice.grossXof, netXof: invoice.grossXof, taxXof: 0 },
      invoice.number,
      `${invoice.day}T10:00:00Z`,
      'b'.repeat(64),
    ],
  );
  return id;
}

/** How a bank clerk mangles a name: a letter dropped or doubled, words swapped, accents and case lost. */
function noisyName(name: string, random: () => number): string {
  const plain = name.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  const words = plain.split(' ');
  switch (Math.floor(random() * 3)) {
    case 0:
      return words.reverse().join(' ').toUpperCase();
    case 1: {
      const at = 1 + Math.floor(random() * (plain.length - 2));
      return (plain.slice(0, at) + plain.slice(at + 1)).toUpperCase();
    }
    default: {
      const at = 1 + Math.floor(random() * (plain.length - 2));
      return `M. ${words.length > 1 ? `${words[1] ?? ''} ${words[0] ?? ''}` : plain}`.replace(
        plain[at] ?? '',
        `${plain[at] ?? ''}${plain[at] ?? ''}`,
      );
    }
  }
}

/**
 * 40 invoices and 10 top-ups of `partner`, 6 decoy invoices, and the 50 statement lines paying them (plus one line in
 * euros). Invoices are dated over the last 25 days; top-ups are today (the ledger dates them itself).
 */
export async function buildBankScenario(cloud: TestCloud, partner: string, seed = 27): Promise<BankFixtureLine[]> {
  const random = seeded(seed);
  const today = dayOf(new Date());
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const usedAmounts = new Set<number>();
  const amount = () => {
    for (;;) {
      const value = 500 * (10 + Math.floor(random() * 990));
      if (!usedAmounts.has(value)) return (usedAmounts.add(value), value);
    }
  };
  const lines: BankFixtureLine[] = [];
  for (let i = 0; i < 50; i += 1) {
    const kind = i % 3;
    const topUp = i % 5 === 4;
    const buyer = `${random() < 0.3 ? `${pick(companies)} ` : ''}${pick(firstNames)} ${pick(lastNames)}`;
    const value = amount();
    let targetId: string;
    let reference: string;
    let day: string;
    if (topUp) {
      reference = `MP${String(seed)}${String(100_000 + i)}`;
      const outcome = await cloud.app.wallet.operations.grantMobileMoney(
        { provider: 'wave', providerRef: reference, accountId: partner, amountXof: value, centiCredits: value * 2 },
        undefined,
      );
      targetId = outcome.result.operationId;
      day = today;
    } else {
      reference = `FAC-2026-${String(1000 + i).padStart(5, '0')}`;
      day = shift(today, -Math.floor(random() * 25));
      targetId = await insertInvoice(cloud, partner, { number: reference, grossXof: value, buyer, day });
    }
    const signed = topUp ? -value : value;
    const gap = kind === 1 ? 1 + Math.floor(random() * 5) : Math.floor(random() * 4);
    const bookedOn = shift(day, gap);
    const expected = { targetType: topUp ? ('ledger' as const) : ('invoice' as const), targetId };
    if (kind === 0)
      lines.push({
        bookedOn,
        amountXof: signed,
        reference: random() < 0.5 ? reference : 'NOTPROVIDED',
        counterpartyName: topUp ? 'WAVE CI' : noisyName(buyer, random),
        label:
          `${topUp ? 'ACHAT CREDITS ISMAIL REF' : 'REGLEMENT FACT'} ${reference} ${random() < 0.5 ? 'MERCI' : ''}`.trim(),
        expected,
      });
    else if (kind === 1)
      lines.push({
        bookedOn,
        amountXof: signed,
        reference: '',
        counterpartyName: '',
        label: topUp ? 'PRLV SEPA' : 'VIREMENT RECU',
        expected,
      });
    else
      lines.push({
        bookedOn,
        amountXof: signed,
        reference: '',
        counterpartyName: topUp ? 'WAVE CI' : noisyName(buyer, random),
        label: topUp ? 'PAIEMENT MOBILE' : `VIR ${noisyName(buyer, random)}`,
        expected,
      });
    // A decoy: another buyer's invoice for the same amount, a few days away (the partner sells the same thing twice).
    if (!topUp && i % 7 === 3)
      await insertInvoice(cloud, partner, {
        number: `FAC-2026-D${String(i)}`,
        grossXof: value,
        buyer: `${pick(firstNames)} ${pick(lastNames)}`,
        day: shift(bookedOn, random() < 0.5 ? -6 : 5),
      });
  }
  lines.push({
    bookedOn: today,
    amountXof: 120,
    reference: 'EUR-1',
    counterpartyName: 'Client Paris',
    label: 'VIR SEPA',
    currency: 'EUR',
    expected: null,
  });
  return lines;
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The lines as an ISO 20022 camt.053.001.02 statement of `iban`. */
export function camt053(lines: readonly BankFixtureLine[], iban: string): string {
  const entries = lines.map((l) => {
    const party = l.amountXof >= 0 ? 'Dbtr' : 'Cdtr';
    return `<Ntry><Amt Ccy="${l.currency ?? 'XOF'}">${String(Math.abs(l.amountXof))}${l.currency === undefined ? '' : '.00'}</Amt>
      <CdtDbtInd>${l.amountXof >= 0 ? 'CRDT' : 'DBIT'}</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>${l.bookedOn}</Dt></BookgDt>
      <NtryDtls><TxDtls><Refs><EndToEndId>${xml(l.reference || 'NOTPROVIDED')}</EndToEndId></Refs>
      <RltdPties><${party}><Nm>${xml(l.counterpartyName)}</Nm></${party}></RltdPties>
      <RmtInf><Ustrd>${xml(l.label)}</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>`;
  });
  const total = lines.filter((l) => l.currency === undefined).reduce((s, l) => s + l.amountXof, 0);
  const balance = (code: string, value: number) =>
    `<Bal><Tp><CdOrPrtry><Cd>${code}</Cd></CdOrPrtry></Tp><Amt Ccy="XOF">${String(Math.abs(value))}</Amt><CdtDbtInd>${value >= 0 ? 'CRDT' : 'DBIT'}</CdtDbtInd><Dt><Dt>2026-12-01</Dt></Dt></Bal>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>
<GrpHdr><MsgId>STMT-${iban.slice(-6)}</MsgId><CreDtTm>2026-12-06T08:00:00</CreDtTm></GrpHdr>
<Stmt><Id>1</Id><Acct><Id><IBAN>${iban}</IBAN></Id><Ccy>XOF</Ccy></Acct>
${balance('OPBD', 1_000_000)}${balance('CLBD', 1_000_000 + total)}
${entries.join('\n')}
</Stmt></BkToCstmrStmt></Document>`;
}

/** The XOF lines as a CSV export (semicolons, DD/MM/YYYY, "12 500" amounts, debit and credit columns). */
export function bankCsv(lines: readonly BankFixtureLine[]): string {
  const french = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  const rows = lines
    .filter((l) => l.currency === undefined)
    .map((l) =>
      [
        l.bookedOn.split('-').reverse().join('/'),
        l.label,
        l.reference === 'NOTPROVIDED' ? '' : l.reference,
        l.counterpartyName,
        l.amountXof < 0 ? french(-l.amountXof) : '',
        l.amountXof > 0 ? `${french(l.amountXof)},00` : '',
      ].join(';'),
    );
  return ['Date opération;Libellé;Référence;Tiers;Débit;Crédit', ...rows].join('\n');
}
