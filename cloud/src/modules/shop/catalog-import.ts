/**
 * Reading a catalog file (seed 3.17): CSV (comma or semicolon, UTF-8, BOM allowed) or XLSX (first sheet), a header
 * row naming the columns (French names, English accepted), then one product per row. Every row is checked before
 * anything is written: each problem names its line in the file (the header is line 1), its column and a French
 * message, so the dry run can list them all. Bounds: catalogFileMaxBytes and catalogRowsMax.
 */
import { AppError } from '@ismail/shared';
import { readTableCells } from '../../platform/exports/read-table.js';

export const catalogFileMaxBytes = 1_048_576;
export const catalogRowsMax = 5_000;

/** The columns of an import and of an export (so an export imports back unchanged). */
export const catalogColumns = [
  'sku',
  'code_barres',
  'nom',
  'categorie',
  'prix_xof',
  'type',
  'groupe_taxe',
  'stock_en_ligne',
  'actif',
  'description',
] as const;
export type CatalogColumn = (typeof catalogColumns)[number];

const aliases: Record<string, CatalogColumn> = {
  barcode: 'code_barres',
  name: 'nom',
  category: 'categorie',
  price_xof: 'prix_xof',
  prix: 'prix_xof',
  kind: 'type',
  tax_group: 'groupe_taxe',
  stock: 'stock_en_ligne',
  online_stock: 'stock_en_ligne',
  active: 'actif',
};

export interface ImportRow {
  readonly line: number;
  readonly sku: string | null;
  readonly barcode: string | null;
  readonly name: string;
  readonly category: string;
  readonly priceXof: number;
  readonly kind: 'physical' | 'digital';
  readonly taxGroup: string;
  readonly onlineStock: number | null;
  readonly active: boolean;
  readonly description: string;
}

export interface RowProblem {
  readonly line: number;
  readonly column: string;
  readonly message: string;
}

const defaultTaxGroup = 'CI-TVA-18';
const skuPattern = /^[0-9A-Za-z_.-]{1,64}$/;
const barcodePattern = /^[0-9A-Za-z-]{1,64}$/;
const categoryPattern = /^[a-z0-9_-]{1,40}$/;
// Control characters are refused in names and descriptions, as in every text the API takes.
// eslint-disable-next-line no-control-regex
const controlCharacter = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** The file's cells, line by line (line 1 the header), whatever its format. */
export async function readCells(format: 'csv' | 'xlsx', file: Buffer): Promise<string[][]> {
  if (file.byteLength > catalogFileMaxBytes)
    throw new AppError('PAYLOAD_TOO_LARGE', `Fichier trop lourd : ${String(catalogFileMaxBytes)} octets au plus.`);
  return readTableCells(format, file);
}

const yes = new Set(['oui', 'o', 'yes', 'y', '1', 'true', 'vrai', '']);
const no = new Set(['non', 'n', 'no', '0', 'false', 'faux']);

/** Checks each line; valid rows and the problems of the others. A key (SKU, else barcode) appears once per file. */
export function checkRows(cells: string[][]): { rows: ImportRow[]; problems: RowProblem[]; lines: number } {
  const header = (cells[0] ?? []).map((h) => h.trim().toLowerCase().replace(/\s+/g, '_'));
  const index = new Map<CatalogColumn, number>();
  header.forEach((name, i) => {
    const column = (catalogColumns as readonly string[]).includes(name) ? (name as CatalogColumn) : aliases[name];
    if (column !== undefined && !index.has(column)) index.set(column, i);
  });
  const problems: RowProblem[] = [];
  for (const required of ['nom', 'categorie', 'prix_xof'] as const)
    if (!index.has(required)) problems.push({ line: 1, column: required, message: `Colonne « ${required} » absente.` });
  if (!index.has('sku') && !index.has('code_barres'))
    problems.push({ line: 1, column: 'sku', message: 'Il faut une colonne « sku » ou « code_barres ».' });
  const body = cells.slice(1);
  const dataLines = body.filter((l) => l.some((c) => c.trim() !== '')).length;
  if (dataLines > catalogRowsMax)
    throw new AppError('VALIDATION_FAILED', `Trop de lignes : ${String(catalogRowsMax)} produits au plus par fichier.`);
  if (problems.length > 0) return { rows: [], problems, lines: dataLines };
  const rows: ImportRow[] = [];
  const seen = new Map<string, number>();
  body.forEach((line, i) => {
    if (line.every((c) => c.trim() === '')) return;
    const lineNo = i + 2;
    const mine: RowProblem[] = [];
    const cell = (c: CatalogColumn): string => {
      const at = index.get(c);
      return at === undefined ? '' : (line[at] ?? '').trim();
    };
    const bad = (column: CatalogColumn, message: string): void => void mine.push({ line: lineNo, column, message });
    const sku = cell('sku') || null;
    const barcode = cell('code_barres') || null;
    if (sku === null && barcode === null) bad('sku', 'SKU ou code-barres requis pour reconnaître le produit.');
    if (sku !== null && !skuPattern.test(sku)) bad('sku', 'SKU invalide (lettres, chiffres, « . _ - », 64 au plus).');
    if (barcode !== null && !barcodePattern.test(barcode))
      bad('code_barres', 'Code-barres invalide (lettres, chiffres et « - », 64 au plus).');
    const name = cell('nom');
    if (name === '') bad('nom', 'Nom manquant.');
    else if (name.length > 200 || controlCharacter.test(name)) bad('nom', 'Nom trop long (200) ou caractère interdit.');
    const category = cell('categorie').toLowerCase();
    if (!categoryPattern.test(category))
      bad('categorie', 'Catégorie invalide (minuscules, chiffres, « _ - », 40 au plus).');
    const priceText = cell('prix_xof').replace(/[\s\u00a0\u202f]/g, '');
    const priceXof = /^[0-9]{1,9}$/.test(priceText) ? Number(priceText) : NaN;
    if (!(priceXof >= 1 && priceXof <= 100_000_000))
      bad('prix_xof', 'Prix invalide : un nombre entier de FCFA entre 1 et 100 000 000.');
    const kindText = cell('type').toLowerCase();
    const kind = ['', 'physique', 'physical'].includes(kindText)
      ? 'physical'
      : ['numerique', 'numérique', 'digital'].includes(kindText)
        ? 'digital'
        : null;
    if (kind === null) bad('type', 'Type invalide : « physique » ou « numérique ».');
    const taxGroup = cell('groupe_taxe') || defaultTaxGroup;
    if (taxGroup.length > 20) bad('groupe_taxe', 'Groupe de taxe trop long (20 au plus).');
    const stockText = cell('stock_en_ligne').replace(/[\s\u00a0\u202f]/g, '');
    const onlineStock = stockText === '' ? null : /^[0-9]{1,7}$/.test(stockText) ? Number(stockText) : NaN;
    if (onlineStock !== null && !(onlineStock <= 1_000_000))
      bad('stock_en_ligne', 'Stock invalide : un nombre entier entre 0 et 1 000 000.');
    const activeText = cell('actif').toLowerCase();
    if (!yes.has(activeText) && !no.has(activeText)) bad('actif', 'Actif : « oui » ou « non ».');
    const description = cell('description');
    if (description.length > 4000) bad('description', 'Description trop longue (4 000 au plus).');
    const key = sku ?? barcode;
    if (key !== null && mine.length === 0) {
      const first = seen.get(key);
      if (first !== undefined)
        bad(sku === null ? 'code_barres' : 'sku', `Produit déjà présent à la ligne ${String(first)} du fichier.`);
      else seen.set(key, lineNo);
    }
    if (mine.length > 0) {
      problems.push(...mine);
      return;
    }
    rows.push({
      line: lineNo,
      sku,
      barcode,
      name,
      category,
      priceXof,
      kind: kind ?? 'physical',
      taxGroup,
      onlineStock,
      active: !no.has(activeText),
      description,
    });
  });
  return { rows, problems, lines: dataLines };
}
