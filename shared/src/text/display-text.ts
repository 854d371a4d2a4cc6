/**
 * How stored text with control characters is shown, the same way by every output (counter
 * screen, PDF, CSV, XLSX, ticket): text accepted before the input rule (issue 19) may hold
 * them, and each output used to show them its own way (boxes, raw escape bytes, "?").
 *
 * The rule: line and field separators (tab, line feed, vertical tab, form feed, carriage
 * return, NEL, U+2028, U+2029) become one space, so words stay apart on a one-line output;
 * every other control character (C0, DEL, C1) is removed. Why removed rather than shown as
 * U+FFFD: the ticket's printer code pages and the PDF's standard font have no glyph for
 * U+FFFD (the ticket would print "?", the PDF would switch font), so no placeholder can look
 * the same everywhere, and a control character has no visible meaning in any of them.
 *
 * Pure and total. Must never change text without control characters (it is returned as is).
 */
import type { LayoutBlock } from '../invoicing/layout.js';

const separators = /[\t\n\v\f\r\u0085\u2028\u2029]/g;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const controls = /[\u0000-\u001f\u007f-\u009f]/g;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const anyToChange = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

export function displayText(text: string): string {
  if (!anyToChange.test(text)) return text;
  return text.replace(separators, ' ').replace(controls, '');
}

const pair = (p: readonly [string, string]): readonly [string, string] => [displayText(p[0]), displayText(p[1])];

/** Every shown text of an invoice's layout blocks through displayText (QR data is encoded, not shown: left as is). */
export function displayBlocks(blocks: readonly LayoutBlock[]): LayoutBlock[] {
  return blocks.map((block): LayoutBlock => {
    switch (block.type) {
      case 'title':
        return { ...block, text: displayText(block.text) };
      case 'text':
        return { ...block, text: displayText(block.text) };
      case 'pairs':
        return { ...block, pairs: block.pairs.map(pair) };
      case 'lines':
        return {
          ...block,
          header: [
            displayText(block.header[0]),
            displayText(block.header[1]),
            displayText(block.header[2]),
            displayText(block.header[3]),
          ],
          rows: block.rows.map(
            (r) => [displayText(r[0]), displayText(r[1]), displayText(r[2]), displayText(r[3])] as const,
          ),
        };
      case 'totals':
        return { ...block, rows: block.rows.map(pair), grand: pair(block.grand) };
      case 'qr':
        return { ...block, caption: displayText(block.caption) };
      case 'rule':
        return block;
    }
  });
}
