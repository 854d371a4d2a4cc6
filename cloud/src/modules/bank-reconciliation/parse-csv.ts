/**
 * A bank's CSV export read with the column mapping saved for that bank: dates in the mapping's format, amounts as
 * banks in Côte d'Ivoire print them ("12 500", "12500,00", "-3 000"), either one signed column or a debit and a credit
 * column. Any unreadable line refuses the whole file (nothing stored) with its line number.
 */
import { parse } from 'csv-parse/sync';
import { AppError } from '@ismail/shared';
import { maxStatementLines, type ParsedStatement } from './parse-camt.js';

export const dateFormats = ['DD/MM/YYYY', 'YYYY-MM-DD', 'DD-MM-YYYY'] as const;

export interface BankMapping {
  readonly bankName: string;
  readonly delimiter: string;
  readonly dateColumn: string;
  readonly dateFormat: (typeof dateFormats)[number];
  readonly amountColumn?: string;
  readonly debitColumn?: string;
  readonly creditColumn?: string;
  readonly referenceColumn?: string;
  readonly nameColumn?: string;
  readonly labelColumn?: string;
}

/** Checks a mapping has what an import needs: a date and either an amount or debit and credit columns. */
export function checkMapping(mapping: BankMapping): void {
  if (![';', ',', '\t', '|'].includes(mapping.delimiter))
    throw new AppError('VALIDATION_FAILED', 'Le séparateur doit être « ; », « , », « | » ou une tabulation.');
  const signed = mapping.amountColumn !== undefined;
  const split = mapping.debitColumn !== undefined && mapping.creditColumn !== undefined;
  if (signed === split)
    throw new AppError(
      'VALIDATION_FAILED',
      'Indiquez soit une colonne de montant, soit une colonne de débit et une de crédit.',
    );
}

/** "12 500" → 12500, "12500,00" → 12500, "-3 000" → -3000, "" → 0; a fraction of a franc or text → null. */
export function csvAmount(raw: string): number | null {
  let s = raw.replace(/[\s\u00a0\u202f']/g, '').replace(/(FCFA|XOF|F)$/i, '');
  if (s === '') return 0;
  const negative = s.startsWith('-') || (s.startsWith('(') && s.endsWith(')'));
  s = s.replace(/^[-+(]|\)$/g, '');
  let whole = s;
  let fraction = '';
  const comma = s.lastIndexOf(',');
  if (comma >= 0) {
    whole = s.slice(0, comma).replace(/\./g, '');
    fraction = s.slice(comma + 1);
  } else if (/\.\d{1,2}$/.test(s)) {
    whole = s.slice(0, s.lastIndexOf('.'));
    fraction = s.slice(s.lastIndexOf('.') + 1);
  } else whole = s.replace(/\./g, '');
  if (!/^\d{1,15}$/.test(whole) || !/^0*$/.test(fraction)) return null;
  const value = Number(whole);
  return negative ? -value : value;
}

export function csvDate(raw: string, format: BankMapping['dateFormat']): string | null {
  const s = raw.trim();
  const match = format === 'YYYY-MM-DD' ? /^(\d{4})-(\d{2})-(\d{2})/.exec(s) : /^(\d{2})[/-](\d{2})[/-](\d{4})/.exec(s);
  if (match === null) return null;
  const [y, m, d] = format === 'YYYY-MM-DD' ? [match[1], match[2], match[3]] : [match[3], match[2], match[1]];
  const iso = `${String(y)}-${String(m)}-${String(d)}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso ? null : iso;
}

export function parseBankCsv(content: string, mapping: BankMapping): ParsedStatement {
  let rows: string[][];
  try {
    rows = parse(content, {
      bom: true,
      delimiter: mapping.delimiter,
      relax_column_count: true,
      skip_empty_lines: true,
    });
  } catch (error) {
    throw new AppError('VALIDATION_FAILED', `CSV illisible : ${(error as Error).message.slice(0, 200)}`);
  }
  const header = (rows[0] ?? []).map((h) => h.trim().toLowerCase());
  const column = (name: string | undefined): number | null => {
    if (name === undefined) return null;
    const index = header.indexOf(name.trim().toLowerCase());
    if (index < 0) throw new AppError('VALIDATION_FAILED', `Colonne « ${name} » absente de l’en-tête du fichier.`);
    return index;
  };
  const [date, amount, debit, credit, reference, name, label] = [
    mapping.dateColumn,
    mapping.amountColumn,
    mapping.debitColumn,
    mapping.creditColumn,
    mapping.referenceColumn,
    mapping.nameColumn,
    mapping.labelColumn,
  ].map(column);
  const body = rows.slice(1);
  if (body.length > maxStatementLines)
    throw new AppError('VALIDATION_FAILED', `Le relevé dépasse ${String(maxStatementLines)} lignes.`);
  const cell = (row: string[], index: number | null | undefined) => (index == null ? '' : (row[index] ?? '').trim());
  const lines = body.map((row, i) => {
    const where = `Ligne ${String(i + 2)}`;
    const bookedOn = csvDate(cell(row, date), mapping.dateFormat);
    if (bookedOn === null)
      throw new AppError(
        'VALIDATION_FAILED',
        `${where} : date « ${cell(row, date).slice(0, 20)} » illisible (format ${mapping.dateFormat}).`,
      );
    const value =
      amount !== null && amount !== undefined
        ? csvAmount(cell(row, amount))
        : sub(csvAmount(cell(row, credit)), csvAmount(cell(row, debit)));
    if (value === null || value === 0)
      throw new AppError(
        'VALIDATION_FAILED',
        `${where} : montant illisible ou nul (exemples acceptés : 12 500, 12500,00, -3 000).`,
      );
    return {
      bookedOn,
      amountXof: value,
      reference: cell(row, reference).slice(0, 200),
      counterpartyName: cell(row, name).slice(0, 200),
      label: cell(row, label).slice(0, 500),
      problem: null,
    };
  });
  return { accountIban: null, openingXof: null, closingXof: null, lines };
}

// A debit column holds what left the account, whatever sign the bank prints it with.
const sub = (credit: number | null, debit: number | null): number | null =>
  credit === null || debit === null ? null : Math.abs(credit) - Math.abs(debit);
