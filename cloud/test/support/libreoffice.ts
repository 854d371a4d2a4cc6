/**
 * Opens a spreadsheet in LibreOffice Calc (headless) and reads back what Calc understood, as
 * rows of raw cell values: the check an accountant's own spreadsheet would make. Each call
 * uses its own profile directory, so parallel test files do not fight over one profile lock.
 * Calc (soffice, package libreoffice-calc-nogui) is required: `npm test` installs it, and
 * without it the calling test fails naming the package.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { requireTool } from '../../../tools/test-support/system-tools.js';

/**
 * The first sheet of `xlsx` as Calc reads it; numbers come back unformatted ("10000", "1.5"),
 * or, with `asShown`, as Calc displays them with their number formats ("24/11/2026 14:05").
 */
export function readWithLibreOffice(xlsx: Buffer, options: { asShown?: boolean } = {}): string[][] {
  const soffice = requireTool('soffice');
  const dir = mkdtempSync(path.join(tmpdir(), 'ismail-lo-'));
  writeFileSync(path.join(dir, 'book.xlsx'), xlsx);
  // CSV filter options: comma, double quote, UTF-8 (76), from line 1, then token 9 (save as
  // shown) false by default: raw values, so the numbers come back without "FCFA" formatting.
  execFileSync(
    soffice,
    [
      `-env:UserInstallation=file://${dir}/profile`,
      '--headless',
      '--norestore',
      '--convert-to',
      `csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,false,${options.asShown === true ? 'true' : 'false'},false`,
      '--outdir',
      dir,
      path.join(dir, 'book.xlsx'),
    ],
    { timeout: 120_000, stdio: 'pipe' },
  );
  return readFileSync(path.join(dir, 'book.csv'), 'utf8').trim().split(/\r?\n/).map(parseCsvRow);
}

/** One CSV row as LibreOffice writes it: fields quoted when they hold a comma or a quote. */
function parseCsvRow(row: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < row.length; i++) {
    const c = row[i];
    if (quoted) {
      if (c === '"' && row[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      fields.push(field);
      field = '';
    } else field += c;
  }
  fields.push(field);
  return fields;
}
