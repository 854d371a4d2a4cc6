/**
 * One HTTP byte range (RFC 9110 §14) of a file of `size` bytes, as a PMTiles client asks: `bytes=a-b`, `bytes=a-` or
 * the last n bytes `bytes=-n`. Several ranges at once, another unit or a malformed or unsatisfiable range are refused
 * (416): the map client never asks for them, and answering the whole file instead would send megabytes by surprise.
 */
export type RangeAnswer =
  | { readonly kind: 'full' }
  | { readonly kind: 'partial'; readonly start: number; readonly end: number }
  | { readonly kind: 'unsatisfiable' };

const unsatisfiable: RangeAnswer = { kind: 'unsatisfiable' };

export function parseRange(header: string | undefined, size: number): RangeAnswer {
  if (header === undefined) return { kind: 'full' };
  const match = /^bytes=(\d{0,15})-(\d{0,15})$/.exec(header.trim());
  if (match === null || size === 0) return unsatisfiable;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return unsatisfiable;
  if (first === '') {
    const suffix = Number(last);
    return suffix === 0 ? unsatisfiable : { kind: 'partial', start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (start >= size || start > Number(last === '' ? start : last)) return unsatisfiable;
  return { kind: 'partial', start, end };
}
