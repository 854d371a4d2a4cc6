-- Payments on collection files (issue 26, part C1): each one with its allocation (fees first, then principal), how it
-- was paid, its reference and, for the wallet, the ledger operation that moved the money. A payment is written in the
-- same transaction as the file's new paid amount (and, from the wallet, as the ledger operation), never apart.
CREATE TABLE collection_payments (
  id uuid PRIMARY KEY,
  -- The order payments were written in (several may share one instant: a confirmed suggestion spread over files).
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  file_id uuid NOT NULL REFERENCES collection_files (id),
  -- The file's creditor when paid (NULL: ISMAIL's own file): references are unique per creditor.
  creditor_id uuid REFERENCES accounts (id),
  amount_xof bigint NOT NULL CHECK (amount_xof > 0),
  fees_part_xof bigint NOT NULL CHECK (fees_part_xof >= 0),
  principal_part_xof bigint NOT NULL CHECK (principal_part_xof >= 0),
  -- What was left on the file right after this payment (the balance a receipt or a letter shows).
  left_after_xof bigint NOT NULL CHECK (left_after_xof >= 0),
  method text NOT NULL CHECK (method IN ('wallet', 'cash', 'mobile_money', 'bank', 'overdraft_reconciliation')),
  reference text CHECK (char_length(reference) BETWEEN 1 AND 120),
  ledger_operation_id uuid,
  -- Who paid from the wallet (the debtor's account), with the key that makes a double tap pay once.
  payer_id uuid REFERENCES accounts (id),
  idempotency_key text CHECK (char_length(idempotency_key) BETWEEN 1 AND 128),
  recorded_by text NOT NULL CHECK (char_length(recorded_by) BETWEEN 1 AND 120),
  -- When the money was received (a recorded payment's day, at 00:00 Abidjan) and when it was written here.
  at timestamptz NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  CHECK (fees_part_xof + principal_part_xof = amount_xof),
  CHECK ((idempotency_key IS NULL) OR (payer_id IS NOT NULL))
);
CREATE INDEX collection_payments_file ON collection_payments (file_id, seq);
CREATE UNIQUE INDEX collection_payments_payer_key ON collection_payments (payer_id, idempotency_key)
  WHERE idempotency_key IS NOT NULL;
-- One ledger operation pays a file once (a confirmed suggestion spread over several files writes one row per file).
CREATE UNIQUE INDEX collection_payments_operation_file ON collection_payments (ledger_operation_id, file_id)
  WHERE ledger_operation_id IS NOT NULL;
-- A creditor's receipt or transfer reference records one payment, however often it is sent.
CREATE UNIQUE INDEX collection_payments_creditor_reference ON collection_payments (creditor_id, reference)
  WHERE method IN ('cash', 'mobile_money', 'bank');

-- How far the reconciliation job has read the ledger (its last batch id: ids follow commit order, ledger.ts). It
-- starts at today's end of the ledger: payments made before the module existed are not suggested.
CREATE TABLE collection_reconcile_cursor (
  feed text PRIMARY KEY CHECK (feed = 'ledger'),
  position bigint NOT NULL CHECK (position >= 0)
);
INSERT INTO collection_reconcile_cursor (feed, position) SELECT 'ledger', coalesce(max(id), 0) FROM ledger_batches;
