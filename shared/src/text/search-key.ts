/**
 * The search key of a text: what the cloud (PostgreSQL) and the hub (SQLite) store beside a
 * product's name and compare a query's key against, so "attieke", "ATTIEKE", "attiéké" and
 * "Attie" all find "Attiéké", and both sides agree because both call this one function (the
 * hub on every row its shape feed brings, the cloud on every write and on every query).
 *
 * Steps: compatibility decomposition (NFKD: accents split off, "ﬁ" → "fi",
 * full-width letters → ASCII, which NFD would keep apart); lower case; combining marks removed; the
 * letters that do not decompose spelled out (œ → oe, æ → ae, ß → ss, ø → o, ...); curly
 * apostrophes made straight; control characters and runs of white space made one space;
 * trimmed. Pure. Must never depend on the locale: both sides must get the same key.
 */

/** Letters NFKD leaves whole, written the way people type them without the key. */
const spelled: Readonly<Record<string, string>> = {
  œ: 'oe',
  æ: 'ae',
  ß: 'ss',
  ø: 'o',
  đ: 'd',
  ð: 'd',
  ł: 'l',
  þ: 'th',
  ı: 'i',
  ħ: 'h',
  ŧ: 't',
  '\u2018': "'",
  '\u2019': "'",
  '\u02bc': "'",
};
const spelledPattern = new RegExp(`[${Object.keys(spelled).join('')}]`, 'g');
const combiningMarks = /\p{Mn}/gu;
// eslint-disable-next-line no-control-regex -- control characters separate words like spaces
const blanks = /[\s\u0000-\u001f\u007f-\u009f]+/g;

export function searchKey(text: string): string {
  // Decomposed, lowered, decomposed again: some compatibility forms decompose to capitals
  // (🄰 → A), and some capitals lower to a letter with a mark (İ → i̇).
  return text
    .normalize('NFKD')
    .toLowerCase()
    .normalize('NFKD')
    .replace(combiningMarks, '')
    .replace(spelledPattern, (c) => spelled[c] ?? c)
    .replace(blanks, ' ')
    .trim();
}

/** A key as a LIKE pattern matching it anywhere (with `ESCAPE '\'`): %, _ and \ taken literally. */
export function searchKeyContains(text: string): string {
  return `%${searchKey(text).replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
}
