/** Opaque page cursors: the last row's sort key and id, base64url JSON, checked on the way back in. */
import { AppError } from '@ismail/shared';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodeCursor(at: string, id: string): string {
  return Buffer.from(JSON.stringify([at, id])).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): { at: string; id: string } | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === 'string' &&
      !Number.isNaN(Date.parse(value[0])) &&
      typeof value[1] === 'string' &&
      uuid.test(value[1])
    )
      return { at: value[0], id: value[1] };
  } catch {
    // fall through: refused below
  }
  throw new AppError('VALIDATION_FAILED', 'Curseur de page invalide.');
}
