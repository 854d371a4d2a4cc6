-- What a hub may do offline (SPEC 3.8), decided here and signed into its policy: its own
-- invoice register (numbers it gives without the cloud) and the ceilings on offline wallet
-- debits. And Recouvrement's debt files, first opened by offline debits that overdrew a
-- wallet when they reached the cloud.
ALTER TABLE hubs
  ADD COLUMN register text GENERATED ALWAYS AS ('H' || upper(substr(replace(id::text, '-', ''), 1, 8))) STORED,
  -- 25,000 FCFA and 50,000 FCFA at 50 FCFA a credit.
  ADD COLUMN offline_per_transaction_centi_credits bigint NOT NULL DEFAULT 50000 CHECK (offline_per_transaction_centi_credits >= 0),
  ADD COLUMN offline_per_wallet_per_day_centi_credits bigint NOT NULL DEFAULT 100000 CHECK (offline_per_wallet_per_day_centi_credits >= 0);
CREATE UNIQUE INDEX hubs_register ON hubs (partner_id, register);

CREATE TABLE debt_files (
  id uuid PRIMARY KEY,
  debtor_account_id uuid NOT NULL REFERENCES accounts (id),
  -- NULL: owed to ISMAIL itself (an overdraft it lent); else the partner collecting its debt.
  creditor_account_id uuid REFERENCES accounts (id),
  kind text NOT NULL CHECK (kind IN ('overdraft')),
  amount_centi_credits bigint NOT NULL CHECK (amount_centi_credits > 0),
  outstanding_centi_credits bigint NOT NULL CHECK (outstanding_centi_credits >= 0 AND outstanding_centi_credits <= amount_centi_credits),
  status text NOT NULL CHECK (status IN ('open', 'settled')),
  -- What opened it: one file per source (an offline debit is one ledger operation).
  source text NOT NULL CHECK (char_length(source) <= 40),
  source_ref text NOT NULL CHECK (char_length(source_ref) <= 200),
  opened_at timestamptz NOT NULL DEFAULT now(),
  due_at timestamptz NOT NULL,
  settled_at timestamptz,
  detail jsonb NOT NULL DEFAULT '{}',
  CHECK ((status = 'settled') = (outstanding_centi_credits = 0)),
  CONSTRAINT debt_files_source UNIQUE (source, source_ref)
);
CREATE INDEX debt_files_open ON debt_files (debtor_account_id, opened_at) WHERE status = 'open';

-- The file's full history (SPEC 3.13): opened, each payment, settled.
CREATE TABLE debt_events (
  id bigserial PRIMARY KEY,
  debt_file_id uuid NOT NULL REFERENCES debt_files (id),
  at timestamptz NOT NULL DEFAULT now(),
  kind text NOT NULL CHECK (kind IN ('opened', 'payment', 'settled')),
  amount_centi_credits bigint CHECK (amount_centi_credits > 0),
  operation_id uuid,
  detail text CHECK (char_length(detail) <= 500)
);
CREATE INDEX debt_events_file ON debt_events (debt_file_id, id);

-- Goods handed back at a hub counter (its credit note) come back to that place's stock.
ALTER TABLE shop_stock_movements DROP CONSTRAINT shop_stock_movements_reason_check;
ALTER TABLE shop_stock_movements ADD CONSTRAINT shop_stock_movements_reason_check
  CHECK (reason IN ('sale', 'return', 'adjustment', 'transfer', 'count', 'order', 'order_cancelled', 'hub_sale', 'hub_return'));
