/**
 * The `where` subset the Electric stand-in understands: equalities of a column and a quoted literal joined by AND
 * (`partner_id = '…' AND issuer_account_id = '…'`), which is all the cloud's proxy sends. Anything else is refused
 * (the stand-in answers 400 as Electric does for a where it cannot use), never passed to SQL: the literals become
 * query parameters and the columns are checked against the table's own before they are quoted.
 */

/** One `column = 'literal'` of the where. */
export interface WhereEquality {
  readonly column: string;
  readonly value: string;
}

export type ParsedWhere =
  { readonly ok: true; readonly equalities: readonly WhereEquality[] } | { readonly ok: false; readonly error: string };

/** A where is a URL parameter: longer than this is not one the proxy writes. */
export const whereMaxChars = 2_000;
/** Equalities per where; the proxy's longest has two. */
export const whereEqualitiesMax = 8;

const identifier = /^[a-z_][a-z0-9_]{0,62}$/;
const equality = /^\s*([a-z_][a-z0-9_]{0,62})\s*=\s*'((?:[^']|'')*)'\s*/i;
const and = /^AND\b/i;

export function parseWhere(text: string): ParsedWhere {
  if (text.length > whereMaxChars) return { ok: false, error: `longer than ${String(whereMaxChars)} characters` };
  const equalities: WhereEquality[] = [];
  let rest = text;
  for (;;) {
    const match = equality.exec(rest);
    const column = match?.[1];
    const literal = match?.[2];
    if (match === null || column === undefined || literal === undefined)
      return { ok: false, error: "only column = 'value' equalities joined by AND are supported by the stand-in" };
    if (!identifier.test(column)) return { ok: false, error: `not a plain column name: ${column}` };
    equalities.push({ column, value: literal.replaceAll("''", "'") });
    if (equalities.length > whereEqualitiesMax)
      return { ok: false, error: `more than ${String(whereEqualitiesMax)} equalities` };
    rest = rest.slice(match[0].length);
    if (rest === '') return { ok: true, equalities };
    if (!and.test(rest)) return { ok: false, error: `unexpected text: ${rest.slice(0, 40)}` };
    rest = rest.slice(3);
  }
}

/** `columns=a,b,c` as Electric takes it (plain names, no quoting in this subset). */
export function parseColumns(text: string): readonly string[] | undefined {
  const columns = text.split(',').map((c) => c.trim());
  return columns.length > 0 && columns.length <= 200 && columns.every((c) => identifier.test(c)) ? columns : undefined;
}
