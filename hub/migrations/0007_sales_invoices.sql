-- Counter sales with their invoices, numbered by the hub itself (SPEC 3.7, 3.8), wallet
-- payments authorised offline, and the signed policy that bounds them. Every row here is
-- written in the same transaction as its outbox entry (synchronous=FULL).

-- The cloud's signed policy for this hub (kept as received: it is verified at every use).
CREATE TABLE hub_policy (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  token TEXT NOT NULL CHECK (length(token) <= 20000),
  issued_at_s INTEGER NOT NULL,
  fetched_at TEXT NOT NULL
) STRICT;

-- The last balance the cloud gave for a wallet shown at this counter.
CREATE TABLE wallet_snapshots (
  ismail_id TEXT PRIMARY KEY CHECK (length(ismail_id) <= 40),
  account_id TEXT NOT NULL CHECK (length(account_id) = 36),
  available_centi_credits INTEGER NOT NULL,
  fetched_at TEXT NOT NULL
) STRICT;

-- One row per register, year and kind: the last number given (gapless: taken in the sale's transaction).
CREATE TABLE invoice_series (
  series TEXT PRIMARY KEY,
  last_number INTEGER NOT NULL CHECK (last_number >= 0)
) STRICT;

CREATE TABLE hub_invoices (
  id TEXT PRIMARY KEY CHECK (length(id) = 36),
  kind TEXT NOT NULL CHECK (kind IN ('invoice', 'credit_note')),
  number TEXT NOT NULL UNIQUE,
  series TEXT NOT NULL REFERENCES invoice_series (series),
  sequence INTEGER NOT NULL CHECK (sequence >= 1),
  issued_at TEXT NOT NULL,
  document TEXT NOT NULL CHECK (json_valid(document)),
  gross_xof INTEGER NOT NULL CHECK (gross_xof >= 0),
  sale_id TEXT NOT NULL,
  -- A credit note's idempotency key (the counter's id for it); NULL for invoices.
  credit_id TEXT UNIQUE,
  outbox_seq INTEGER NOT NULL UNIQUE REFERENCES outbox (seq),
  UNIQUE (series, sequence)
) STRICT;
CREATE INDEX hub_invoices_sale ON hub_invoices (sale_id);
-- An issued document is never changed (SPEC 3.7).
CREATE TRIGGER hub_invoices_frozen BEFORE UPDATE ON hub_invoices BEGIN SELECT RAISE(ABORT, 'an issued invoice is never changed'); END;
CREATE TRIGGER hub_invoices_kept BEFORE DELETE ON hub_invoices BEGIN SELECT RAISE(ABORT, 'an issued invoice is never deleted'); END;

ALTER TABLE counter_sales ADD COLUMN invoice_id TEXT REFERENCES hub_invoices (id);
ALTER TABLE counter_sales ADD COLUMN payment TEXT CHECK (payment IS NULL OR json_valid(payment));

-- Wallet debits taken here, for "last synced balance minus local pending debits" and the daily ceiling.
CREATE TABLE wallet_charges (
  sale_id TEXT PRIMARY KEY REFERENCES counter_sales (sale_id),
  ismail_id TEXT NOT NULL,
  amount_centi_credits INTEGER NOT NULL CHECK (amount_centi_credits > 0),
  authorisation TEXT NOT NULL CHECK (authorisation IN ('online', 'offline')),
  at TEXT NOT NULL,
  -- The hub's calendar day (local time) the per-day ceiling counts in.
  day TEXT NOT NULL,
  outbox_seq INTEGER NOT NULL UNIQUE REFERENCES outbox (seq)
) STRICT;
CREATE INDEX wallet_charges_wallet ON wallet_charges (ismail_id, day);
