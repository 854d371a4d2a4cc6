/**
 * better-sqlite3 compiles the SQL again at every `db.prepare`. The hub's code prepares where it runs (one place per
 * query, easy to read), so a counter sale compiled about 23 statements each time: a third of a millisecond of the
 * sale's durable path (issue 28.2, p99 <= 5 ms). The cache sits under `prepare` for the whole connection: the same
 * text gets the same compiled statement back.
 *
 * Safe because a statement here is used and finished within one synchronous call: hub code never keeps an
 * `iterate()` open, and never binds parameters to a statement for later (`bind`). Modes that stay on a statement
 * (`pluck`, `raw`, `expand`) are switched off each time a reader is handed out, so one caller's mode never leaks
 * into another's. Bounded: the least recently used statement goes when the cache is full (SQL built with a varying
 * number of placeholders cannot grow it without end).
 */
import type Database from 'better-sqlite3';

export const statementCacheMax = 256;

export function cacheStatements(db: Database.Database, maxEntries = statementCacheMax): void {
  const compile = db.prepare.bind(db);
  const cache = new Map<string, Database.Statement>();
  db.prepare = ((source: string) => {
    let statement = cache.get(source);
    if (statement === undefined) {
      statement = compile(source);
      if (cache.size >= maxEntries) {
        const oldest = cache.keys().next();
        if (oldest.done !== true) cache.delete(oldest.value);
      }
    } else {
      // Refreshed: a Map keeps insertion order, so the first key is the least recently used.
      cache.delete(source);
      if (statement.reader) statement.pluck(false).expand(false).raw(false);
    }
    cache.set(source, statement);
    return statement;
  }) as typeof db.prepare;
}
