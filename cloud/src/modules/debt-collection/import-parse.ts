/**
 * Reading a debt import (API.md §Files): CSV (comma, semicolon or tab; UTF-8, BOM allowed) or XLSX (first sheet), a
 * header row of French column names, then one file per line. Every line is checked before anything is written; each
 * problem names its line in the file (the header is line 1), its column and a French reason, so a dry run lists
 * exactly the bad lines. ISMAIL IDs are checked by the caller (a database read). Pure: no I/O.
 */
import { AppError } from '@ismail/shared';
import { readTableCells } from '../../platform/exports/read-table.js';
import { badEmail, badPhone, dayOrNull, emailOrNull, ivorianPhoneOrNull } from './file-debtor.js';

/** A creditor's ledger export fits well under this; the body carries it base64 (a third more). */
export const importFileMaxBytes = 2 * 1024 * 1024;
/** Lines per import: one transaction of this many files stays well under a second on the small server. */
export const importLinesMax = 5_000;
/** Amounts above this are typing mistakes, not debts of a shop or a landlord. */
const amountMaxXof = 10_000_000_000;

export const importColumns = [
  'reference',
  'nom',
  'telephone',
  'email',
  'ismail_id',
  'libelle',
  'montant',
  'frais',
  'echeance',
] as const;
type Column = (typeof importColumns)[number];

export interface ImportLine {
  readonly line: number;
  readonly reference: string;
  readonly name: string;
  readonly phone: string | null;
  readonly email: string | null;
  readonly ismailId: string | null;
  readonly label: string;
  readonly principalXof: number;
  readonly feesXof: number;
  readonly dueOn: string;
}

export interface LineProblem {
  readonly line: number;
  readonly field: string;
  readonly message: string;
}

/** The file's cells, line by line (line 1 the header), whatever its format. */
export async function readImportCells(filename: string, file: Buffer): Promise<string[][]> {
  if (file.byteLength > importFileMaxBytes)
    throw new AppError('PAYLOAD_TOO_LARGE', 'Fichier trop lourd : 2 Mo au plus.');
  const xlsx = /\.xlsx$/i.test(filename) || file.subarray(0, 2).toString('latin1') === 'PK';
  return readTableCells(xlsx ? 'xlsx' : 'csv', file, { datesAsDays: true });
}

const headerName = (h: string): string =>
  h
    .trim()
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\s-]+/g, '_');

/** Whole FCFA, spaces allowed as thousands separators ("12 500"). */
function amountOrProblem(raw: string, required: boolean): number | string {
  const text = raw.replace(/[\s\u00a0\u202f]/g, '');
  if (text === '') return required ? 'Montant requis.' : 0;
  if (!/^-?\d+$/.test(text)) return 'Montant invalide : un nombre entier de FCFA, sans décimales.';
  const value = Number(text);
  if (value < 0) return 'Montant négatif refusé.';
  if (required && value === 0) return 'Le montant doit être supérieur à zéro.';
  if (value > amountMaxXof) return 'Montant trop élevé.';
  return value;
}

/** Checks each line; valid lines and the problems of the others. A reference appears once per file. */
export function checkImportLines(cells: string[][]): { rows: ImportLine[]; problems: LineProblem[]; lines: number } {
  const header = (cells[0] ?? []).map(headerName);
  const index = new Map<Column, number>();
  header.forEach((name, i) => {
    if ((importColumns as readonly string[]).includes(name) && !index.has(name as Column)) index.set(name as Column, i);
  });
  const problems: LineProblem[] = [];
  for (const required of ['reference', 'nom', 'montant', 'echeance'] as const)
    if (!index.has(required)) problems.push({ line: 1, field: required, message: `Colonne « ${required} » absente.` });
  const body = cells.slice(1);
  const dataLines = body.filter((l) => l.some((c) => c.trim() !== '')).length;
  if (dataLines > importLinesMax)
    throw new AppError('VALIDATION_FAILED', `Trop de lignes : ${String(importLinesMax)} dossiers au plus par fichier.`);
  if (problems.length > 0) return { rows: [], problems, lines: dataLines };
  const rows: ImportLine[] = [];
  const seen = new Map<string, number>();
  body.forEach((cellsOfLine, i) => {
    if (cellsOfLine.every((c) => c.trim() === '')) return;
    const line = i + 2;
    const mine: LineProblem[] = [];
    const cell = (c: Column): string => {
      const at = index.get(c);
      return at === undefined ? '' : (cellsOfLine[at] ?? '').trim();
    };
    const bad = (field: Column, message: string): void => void mine.push({ line, field, message });
    const reference = cell('reference');
    if (reference === '') bad('reference', 'Référence requise (elle rend l’import rejouable sans doublon).');
    else if (reference.length > 80) bad('reference', 'Référence trop longue (80 caractères au plus).');
    else if (seen.has(reference))
      bad('reference', `Référence en double dans le fichier (déjà ligne ${String(seen.get(reference))}).`);
    else seen.set(reference, line);
    const ismailId = cell('ismail_id').toUpperCase() || null;
    const name = cell('nom');
    if (name === '' && ismailId === null) bad('nom', 'Nom du débiteur requis.');
    if (name.length > 160) bad('nom', 'Nom trop long (160 caractères au plus).');
    const phoneText = cell('telephone');
    const phone = phoneText === '' ? null : ivorianPhoneOrNull(phoneText);
    if (phoneText !== '' && phone === null) bad('telephone', badPhone);
    const emailText = cell('email');
    const email = emailText === '' ? null : emailOrNull(emailText);
    if (emailText !== '' && email === null) bad('email', badEmail);
    if (ismailId === null && phoneText === '' && emailText === '')
      bad('telephone', 'Téléphone ou e-mail requis pour joindre le débiteur (ou son ISMAIL ID).');
    const label = cell('libelle') || `Créance ${reference}`;
    if (label.length > 200) bad('libelle', 'Libellé trop long (200 caractères au plus).');
    const principal = amountOrProblem(cell('montant'), true);
    if (typeof principal === 'string') bad('montant', principal);
    const fees = amountOrProblem(cell('frais'), false);
    if (typeof fees === 'string') bad('frais', fees);
    const dueOn = dayOrNull(cell('echeance'));
    if (dueOn === null) bad('echeance', 'Échéance invalide : AAAA-MM-JJ ou JJ/MM/AAAA, une date qui existe.');
    if (mine.length > 0 || typeof principal === 'string' || typeof fees === 'string' || dueOn === null) {
      problems.push(...mine);
      return;
    }
    rows.push({ line, reference, name, phone, email, ismailId, label, principalXof: principal, feesXof: fees, dueOn });
  });
  return { rows, problems, lines: dataLines };
}
