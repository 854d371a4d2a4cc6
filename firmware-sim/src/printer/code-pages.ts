/**
 * Character code tables an ESC/POS printer selects with ESC t n, as byte → Unicode for
 * the upper half (0x80-0xFF); the lower half is ASCII in all of them. The tables are the
 * IBM/Microsoft ones (checked against Python's cp437/cp850/cp858/cp1252 codecs).
 *
 * Owns: the tables and the ESC t numbering. Must never guess: a table the simulator does
 * not have decodes its upper half as U+FFFD, so a ticket sent in the wrong page shows it.
 */

export type CodePageName = 'PC437' | 'PC850' | 'PC858' | 'PC1252';

/** Power-on default of EPSON TM printers (memory switch), and what ESC @ restores. */
export const defaultCodePage: CodePageName = 'PC437';

/** ESC t n: n as EPSON numbers the tables (n = 16 is "WPC1252"). */
export const codePageByTable: Readonly<Record<number, CodePageName>> = {
  0: 'PC437',
  2: 'PC850',
  16: 'PC1252',
  19: 'PC858',
};

const pc437 = [
  'ÇüéâäàåçêëèïîìÄÅ', // 8_
  'ÉæÆôöòûùÿÖÜ¢£¥₧ƒ', // 9_
  'áíóúñÑªº¿⌐¬½¼¡«»', // A_
  '░▒▓│┤╡╢╖╕╣║╗╝╜╛┐', // B_
  '└┴┬├─┼╞╟╚╔╩╦╠═╬╧', // C_
  '╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀', // D_
  'αßΓπΣσµτΦΘΩδ∞φε∩', // E_
  '≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0', // F_
].join('');

const pc850 = [
  'ÇüéâäàåçêëèïîìÄÅ', // 8_
  'ÉæÆôöòûùÿÖÜø£Ø×ƒ', // 9_
  'áíóúñÑªº¿®¬½¼¡«»', // A_
  '░▒▓│┤ÁÂÀ©╣║╗╝¢¥┐', // B_
  '└┴┬├─┼ãÃ╚╔╩╦╠═╬¤', // C_
  'ðÐÊËÈıÍÎÏ┘┌█▄¦Ì▀', // D_
  'ÓßÔÒõÕµþÞÚÛÙýÝ¯´', // E_
  '\u00ad±‗¾¶§÷¸°¨·¹³²■\u00a0', // F_
].join('');

/** PC858 is PC850 with the euro sign in place of the dotless i (0xD5). */
const pc858 = `${pc850.slice(0, 0x55)}€${pc850.slice(0x56)}`;

/** Windows-1252; its five unassigned bytes have no glyph (U+FFFD). */
const pc1252 = [
  '€\ufffd‚ƒ„…†‡ˆ‰Š‹Œ\ufffdŽ\ufffd', // 8_
  '\ufffd‘’“”•–—˜™š›œ\ufffdžŸ', // 9_
  '\u00a0¡¢£¤¥¦§¨©ª«¬\u00ad®¯', // A_
  '°±²³´µ¶·¸¹º»¼½¾¿', // B_
  'ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏ', // C_
  'ÐÑÒÓÔÕÖ×ØÙÚÛÜÝÞß', // D_
  'àáâãäåæçèéêëìíîï', // E_
  'ðñòóôõö÷øùúûüýþÿ', // F_
].join('');

const upperHalves: Readonly<Record<CodePageName, string>> = {
  PC437: pc437,
  PC850: pc850,
  PC858: pc858,
  PC1252: pc1252,
};

/** The character a printable byte (0x20-0x7E, 0x80-0xFF) prints as; `null` page = unknown table. */
export function characterOf(page: CodePageName | null, byte: number): string {
  if (byte < 0x80) return String.fromCharCode(byte);
  if (page === null) return '\ufffd';
  return upperHalves[page][byte - 0x80] ?? '\ufffd';
}
