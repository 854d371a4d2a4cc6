/** A UUID as PostgreSQL and `crypto.randomUUID` write it (lowercase): one pattern for every schema and check. */
import { Type } from '@sinclair/typebox';

export const uuidSource = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
export const uuidPattern = new RegExp(`^${uuidSource}$`);
export const UuidSchema = Type.String({ pattern: `^${uuidSource}$` });
