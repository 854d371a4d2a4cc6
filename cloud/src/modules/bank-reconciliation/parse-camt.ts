/**
 * ISO 20022 camt.053 (bank-to-customer statement) read into statement lines: the account's IBAN, the opening and
 * closing booked balances, and per entry its amount (XOF only: another currency is kept as a line with a French
 * problem, so the statement stays whole), direction, booking day, references, remittance text and counterparty.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { AppError } from '@ismail/shared';

export interface ParsedLine {
  readonly bookedOn: string;
  readonly amountXof: number;
  readonly reference: string;
  readonly counterpartyName: string;
  readonly label: string;
  readonly problem: string | null;
}

export interface ParsedStatement {
  readonly accountIban: string | null;
  readonly openingXof: number | null;
  readonly closingXof: number | null;
  readonly lines: ParsedLine[];
}

export const maxStatementLines = 10_000;

type Node = Record<string, unknown>;
const asArray = (v: unknown): unknown[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);
const node = (v: unknown): Node => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Node) : {});
const text = (v: unknown): string =>
  typeof v === 'string' || typeof v === 'number'
    ? String(v).trim()
    : typeof v === 'object' && v !== null && '#text' in v
      ? text((v as Node)['#text'])
      : '';
const at = (v: unknown, ...path: string[]): unknown => path.reduce<unknown>((n, key) => node(asArray(n)[0])[key], v);

/** "12500.00" in XOF → 12500; a fraction of a franc or another shape → null. */
export function xofAmount(raw: string): number | null {
  const match = /^(\d{1,15})(?:\.(\d{1,5}))?$/.exec(raw);
  if (match === null || /[1-9]/.test(match[2] ?? '')) return null;
  return Number(match[1]);
}

export function parseCamt053(content: string): ParsedStatement {
  if (XMLValidator.validate(content) !== true)
    throw new AppError('VALIDATION_FAILED', 'Le fichier camt.053 est illisible : le XML est mal formé.');
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    removeNSPrefix: true,
    parseTagValue: false,
    processEntities: false,
  });
  const document = node(parser.parse(content));
  const statements = asArray(at(document, 'Document', 'BkToCstmrStmt', 'Stmt'));
  if (statements.length === 0)
    throw new AppError('VALIDATION_FAILED', 'Ce fichier n’est pas un relevé camt.053 (BkToCstmrStmt/Stmt absent).');
  const balance = (code: string): number | null => {
    for (const b of statements.flatMap((s) => asArray(node(s).Bal))) {
      if (text(at(b, 'Tp', 'CdOrPrtry', 'Cd')) !== code) continue;
      const amount = xofAmount(text(at(b, 'Amt')));
      if (amount === null) return null;
      return text(at(b, 'CdtDbtInd')) === 'DBIT' ? -amount : amount;
    }
    return null;
  };
  const lines = statements.flatMap((s) => asArray(node(s).Ntry)).map(entryLine);
  if (lines.length > maxStatementLines)
    throw new AppError('VALIDATION_FAILED', `Le relevé dépasse ${String(maxStatementLines)} lignes.`);
  return {
    accountIban: text(at(statements[0], 'Acct', 'Id', 'IBAN')) || null,
    openingXof: balance('OPBD'),
    closingXof: balance('CLBD'),
    lines,
  };
}

function entryLine(entry: unknown, index: number): ParsedLine {
  const amountNode = at(entry, 'Amt');
  const currency = text(node(asArray(amountNode)[0])['@Ccy']);
  const credit = text(at(entry, 'CdtDbtInd')) === 'CRDT';
  const bookedOn = (text(at(entry, 'BookgDt', 'Dt')) || text(at(entry, 'BookgDt', 'DtTm'))).slice(0, 10);
  const tx = at(entry, 'NtryDtls', 'TxDtls');
  const party = (role: 'Dbtr' | 'Cdtr') =>
    text(at(tx, 'RltdPties', role, 'Nm')) || text(at(tx, 'RltdPties', role, 'Pty', 'Nm'));
  const remittance = asArray(at(tx, 'RmtInf')).flatMap((r) => asArray(node(r).Ustrd).map(text));
  const base = {
    reference: (text(at(tx, 'Refs', 'EndToEndId')) || text(at(entry, 'AcctSvcrRef')))
      .replace(/^NOTPROVIDED$/, '')
      .slice(0, 200),
    counterpartyName: (credit ? party('Dbtr') : party('Cdtr')).slice(0, 200),
    label: (remittance.join(' ') || text(at(entry, 'AddtlNtryInf'))).slice(0, 500),
  };
  const where = `Ligne ${String(index + 1)}`;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(bookedOn))
    throw new AppError('VALIDATION_FAILED', `${where} : date de comptabilisation (BookgDt) absente ou invalide.`);
  if (currency !== 'XOF')
    return {
      ...base,
      bookedOn,
      amountXof: 0,
      problem: `Devise ${currency || 'absente'} : seules les lignes en XOF (FCFA) sont rapprochées.`,
    };
  const amount = xofAmount(text(amountNode));
  if (amount === null || amount === 0)
    return { ...base, bookedOn, amountXof: 0, problem: 'Montant illisible ou avec des centimes (le FCFA n’en a pas).' };
  return { ...base, bookedOn, amountXof: credit ? amount : -amount, problem: null };
}
