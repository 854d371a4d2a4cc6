-- Rate-limit counters every cloud process shares (issue 29.4, platform/http/rate-limit-store.ts):
-- one row per limited key (a route and a client address, a hub, a hub and email), counting hits
-- in a fixed window that opens at the key's first hit. With two processes behind a load
-- balancer, counters in each process's memory let a client spend the full budget at each.
-- UNLOGGED: a counter is worth less than the WAL it would write on every limited request; a
-- server crash empties the table, which only resets the current windows.
-- Bounded: rows whose window has closed are deleted by the store (at most once a minute per
-- process), so the table holds the keys active within the longest window (one hour).
CREATE UNLOGGED TABLE rate_limit_hits (
  key text PRIMARY KEY CHECK (length(key) <= 600),
  hits integer NOT NULL CHECK (hits > 0),
  expires_at timestamptz NOT NULL
);
CREATE INDEX rate_limit_hits_expires ON rate_limit_hits (expires_at);
