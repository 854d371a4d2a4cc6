-- Ledger throughput (issue 29.8): the idempotency key index compares bytes, not words.
-- `ledger_operations_key` (scope, idempotency_key) takes a new entry for every operation, and
-- a text column compares in the database's collation: outside the "C" collation each comparison
-- goes through the C library's locale rules (strcoll), several per insertion into a B-tree.
-- Keys are only ever looked up by equality, which is the same in every deterministic collation,
-- so byte order changes no answer; it only makes each comparison a memcmp.
ALTER TABLE ledger_operations
  ALTER COLUMN scope TYPE text COLLATE "C",
  ALTER COLUMN idempotency_key TYPE text COLLATE "C";
