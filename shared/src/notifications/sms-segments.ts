/**
 * SMS length the way networks bill it (3GPP TS 23.038): a text that fits the GSM 7-bit
 * alphabet costs 160 characters in one message, 153 per part when split (the rest of each
 * part carries the concatenation header); characters of the extension table (€ [ ] { } ^ ~ | \
 * and form feed) take two septets. Anything else (French "ç", "ê", "â", "ô", "î", "œ", ...)
 * switches the whole message to UCS-2: 70 UTF-16 units, 67 per part. French accents
 * therefore often triple the cost: templates should know it.
 */

// The GSM 03.38 basic character set (with its accented letters: é è ù ì ò Ç É ...).
const gsmBasic = new Set(
  [
    '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ',
    ' !"#¤%&\'()*+,-./0123456789:;<=>?',
    '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§',
    '¿abcdefghijklmnopqrstuvwxyzäöñüà',
  ].join(''),
);
const gsmExtension = new Set(['\f', '^', '{', '}', '\\', '[', '~', ']', '|', '€']);

export interface SmsLength {
  readonly encoding: 'GSM-7' | 'UCS-2';
  /** Septets (GSM-7) or UTF-16 code units (UCS-2). */
  readonly units: number;
  readonly parts: number;
  /** What one part can hold in this encoding once split. */
  readonly perPart: number;
}

export function smsLength(text: string): SmsLength {
  let septets = 0;
  let gsm = true;
  for (const char of text) {
    if (gsmBasic.has(char)) septets += 1;
    else if (gsmExtension.has(char)) septets += 2;
    else {
      gsm = false;
      break;
    }
  }
  if (gsm) {
    const parts = septets === 0 ? 1 : septets <= 160 ? 1 : Math.ceil(septets / 153);
    return { encoding: 'GSM-7', units: septets, parts, perPart: parts === 1 ? 160 : 153 };
  }
  const units = text.length; // UTF-16 code units
  const parts = units <= 70 ? 1 : Math.ceil(units / 67);
  return { encoding: 'UCS-2', units, parts, perPart: parts === 1 ? 70 : 67 };
}

/**
 * Splits a text into the parts a phone reassembles (for a provider that wants them split, and
 * to show what will be billed). Never cuts a GSM escape pair nor a UTF-16 surrogate pair.
 */
export function splitSms(text: string): string[] {
  const length = smsLength(text);
  if (length.parts === 1) return [text];
  const parts: string[] = [];
  let current = '';
  let used = 0;
  for (const char of text) {
    const cost = length.encoding === 'GSM-7' ? (gsmExtension.has(char) ? 2 : 1) : char.length;
    if (used + cost > length.perPart) {
      parts.push(current);
      current = '';
      used = 0;
    }
    current += char;
    used += cost;
  }
  if (current !== '') parts.push(current);
  return parts;
}
