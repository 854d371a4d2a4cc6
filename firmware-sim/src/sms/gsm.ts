/**
 * How many SMS parts a text takes, counted the way a network does (3GPP TS 23.038 and
 * 23.040): the GSM 7-bit default alphabet when every character is in it, UCS-2 otherwise.
 *
 * Owns: the simulators' own count, written independently of the cloud's so each checks
 * the other. Must stay pure (no I/O) and never split an escaped GSM character or a UTF-16
 * surrogate pair across two parts: networks do not, so neither may the count.
 */

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SmsParts {
  readonly encoding: SmsEncoding;
  /** Septets for GSM-7 (an extension-table character counts 2), UTF-16 code units for UCS-2. */
  readonly units: number;
  /** Parts billed and sent; an empty text is still one (empty) SMS. */
  readonly parts: number;
}

/**
 * The GSM 03.38 default alphabet, positions 0x00 to 0x7F in order, without 0x1B (the
 * escape to the extension table). Position 0x09 is the capital Ç: the lower-case ç is not
 * in the table, so a French text with "ç", "ê", "â", "î", "ô", "û", "ë" or "ï" is UCS-2.
 */
export const gsm7BasicTable =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';

/** The extension table: each is sent as ESC + one septet, so it counts 2. Form feed included. */
export const gsm7ExtensionTable = '\f^{}\\[~]|€';

const basic = new Set(gsm7BasicTable);
const extension = new Set(gsm7ExtensionTable);

/** One part alone carries 160 septets (140 octets); a concatenated part loses 7 to its header. */
const gsm7SingleMax = 160;
const gsm7PartMax = 153;
/** 140 octets are 70 UTF-16 units; the concatenation header leaves 67. */
const ucs2SingleMax = 70;
const ucs2PartMax = 67;

/**
 * Parts needed for units of the given widths: one part if all fit in a single message,
 * else parts filled in order, a unit that does not fit whole starting the next part.
 */
function countParts(widths: readonly number[], singleMax: number, partMax: number): { units: number; parts: number } {
  const units = widths.reduce((sum, width) => sum + width, 0);
  if (units <= singleMax) return { units, parts: 1 };
  let parts = 1;
  let used = 0;
  for (const width of widths) {
    if (used + width > partMax) {
      parts++;
      used = 0;
    }
    used += width;
  }
  return { units, parts };
}

export function smsParts(text: string): SmsParts {
  const septets: number[] = [];
  let gsm = true;
  // for…of walks code points, so an astral character (emoji) is one item of width 2 below.
  for (const char of text) {
    if (basic.has(char)) septets.push(1);
    else if (extension.has(char)) septets.push(2);
    else {
      gsm = false;
      break;
    }
  }
  if (gsm) return { encoding: 'GSM-7', ...countParts(septets, gsm7SingleMax, gsm7PartMax) };
  const codeUnits = Array.from(text, (char) => char.length);
  return { encoding: 'UCS-2', ...countParts(codeUnits, ucs2SingleMax, ucs2PartMax) };
}
