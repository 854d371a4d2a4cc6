-- The credits wallet (SPEC 3.1, 3.5, 3.6): a double-entry ledger in hundredths of a credit,
-- idempotent operations, two-phase holds, tariffs and rates with history, sales commission
-- accruals and payouts, and mobile-money payments.
--
-- Model (after TigerBeetle): every transfer moves one positive amount from one debit account
-- to one credit account, so the sum of all balances (credits - debits) is zero by
-- construction. An operation is one or more linked transfers committed together. Transfers
-- and operations are immutable; account totals are a cache of the transfers, re-derived by
-- `ismail ledger check`.

ALTER TABLE accounts
  -- Partner category: sales-commission rates may differ by it (SPEC 3.6).
  ADD COLUMN partner_category text CHECK (partner_category ~ '^[a-z][a-z0-9_]{0,39}$');

-- fillfactor 50: balance updates stay on their page (HOT), so no index is touched per write.
CREATE TABLE ledger_accounts (
  id bigserial PRIMARY KEY,
  -- "wallet:<account uuid>", "revenue:<module>", "cash_drawer:<hub id>", "mm_clearing:<provider>",
  -- "commissions_payable:<account uuid>", "bonus_pool", "tax_payable:<country>", ...
  code text NOT NULL UNIQUE CHECK (code ~ '^[a-z_]+(:[A-Za-z0-9_.-]{1,64})?$'),
  kind text NOT NULL CHECK (kind IN (
    'wallet', 'revenue', 'cash_drawer', 'mm_clearing', 'commissions_payable', 'bonus_pool',
    'tax_payable', 'expired_credits', 'overdraft_receivable', 'withdrawals_payable')),
  owner_account_id uuid REFERENCES accounts (id),
  -- A wallet: credits - debits - pending debits may never fall below zero. An offline
  -- overdraft is recorded as a loan from overdraft_receivable, never as a negative wallet.
  debits_must_not_exceed_credits boolean NOT NULL,
  debits_posted bigint NOT NULL DEFAULT 0 CHECK (debits_posted >= 0),
  credits_posted bigint NOT NULL DEFAULT 0 CHECK (credits_posted >= 0),
  debits_pending bigint NOT NULL DEFAULT 0 CHECK (debits_pending >= 0),
  credits_pending bigint NOT NULL DEFAULT 0 CHECK (credits_pending >= 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT ledger_accounts_no_overdraw CHECK (
    NOT debits_must_not_exceed_credits OR credits_posted - debits_posted - debits_pending >= 0)
) WITH (fillfactor = 50);
CREATE INDEX ledger_accounts_owner ON ledger_accounts (owner_account_id);

-- One row per group commit: concurrent requests share one database transaction. Its digest
-- over the batch's transfers is written to the hash-chained audit log, so an edited
-- transfer is caught by `ismail ledger check`.
CREATE TABLE ledger_batches (
  id bigserial PRIMARY KEY,
  committed_at timestamptz NOT NULL DEFAULT now(),
  operation_count integer NOT NULL CHECK (operation_count > 0),
  transfer_count integer NOT NULL CHECK (transfer_count >= 0),
  digest text NOT NULL CHECK (digest ~ '^[0-9a-f]{64}$'),
  audit_seq bigint NOT NULL REFERENCES audit_log (seq)
);

-- Hot tables (operations, transfers) carry no foreign keys: row-by-row RI triggers cost more
-- than the rest of a write (measured by bench/ledger-transfers.mjs). Every reference is made
-- inside the same transaction that locks the accounts, and `ismail ledger check` verifies
-- that none dangles.
CREATE TABLE ledger_operations (
  id uuid PRIMARY KEY,
  batch_id bigint NOT NULL,
  -- Who chose the idempotency key: an account id, "system", "provider:wave", "hub:<id>".
  -- A key is only ever looked up within its scope (another account's key is not a replay).
  scope text NOT NULL CHECK (char_length(scope) BETWEEN 1 AND 100),
  idempotency_key text NOT NULL CHECK (char_length(idempotency_key) BETWEEN 1 AND 128),
  -- SHA-256 of the canonical request: the same key with another body is refused (409).
  request_hash text NOT NULL CHECK (char_length(request_hash) = 64),
  kind text NOT NULL CHECK (char_length(kind) <= 40),
  -- Operation-specific facts (amount in francs, rate used, ...); the rest of a replayed
  -- result is rebuilt from the transfers. json, not jsonb: stored once, never queried inside.
  facts json,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT ledger_operations_key UNIQUE (scope, idempotency_key)
);
CREATE INDEX ledger_operations_batch ON ledger_operations (batch_id);

CREATE TABLE ledger_transfers (
  id uuid PRIMARY KEY,
  -- Order of commitment: running balances and statements follow it.
  seq bigserial NOT NULL,
  operation_id uuid NOT NULL,
  debit_account_id bigint NOT NULL,
  credit_account_id bigint NOT NULL,
  amount bigint NOT NULL CHECK (amount > 0),
  -- What the leg is: charge, tax, sales_commission, cashback, top_up, ...
  leg text NOT NULL CHECK (char_length(leg) <= 40),
  -- Two-phase: 'pending' reserves; 'post' / 'void' resolve a pending transfer exactly once.
  phase text NOT NULL DEFAULT 'single' CHECK (phase IN ('single', 'pending', 'post', 'void')),
  pending_id uuid,
  timeout_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (debit_account_id <> credit_account_id),
  CHECK ((phase IN ('post', 'void')) = (pending_id IS NOT NULL)),
  CHECK (timeout_at IS NULL OR phase = 'pending')
);
-- A pending transfer resolves at most once (post, void or expiry).
CREATE UNIQUE INDEX ledger_transfers_resolves_once ON ledger_transfers (pending_id) WHERE pending_id IS NOT NULL;
CREATE INDEX ledger_transfers_debit ON ledger_transfers (debit_account_id, seq);
CREATE INDEX ledger_transfers_credit ON ledger_transfers (credit_account_id, seq);
CREATE INDEX ledger_transfers_operation ON ledger_transfers (operation_id);
CREATE INDEX ledger_transfers_open_holds ON ledger_transfers (timeout_at) WHERE phase = 'pending';

CREATE FUNCTION ledger_is_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is immutable (% refused): correct with a reversing transfer', TG_TABLE_NAME, TG_OP;
END;
$$;
CREATE TRIGGER ledger_transfers_immutable BEFORE UPDATE OR DELETE ON ledger_transfers
  FOR EACH ROW EXECUTE FUNCTION ledger_is_immutable();
CREATE TRIGGER ledger_operations_immutable BEFORE UPDATE OR DELETE ON ledger_operations
  FOR EACH ROW EXECUTE FUNCTION ledger_is_immutable();
CREATE TRIGGER ledger_batches_immutable BEFORE UPDATE OR DELETE ON ledger_batches
  FOR EACH ROW EXECUTE FUNCTION ledger_is_immutable();

-- Rates and tariffs: rows are never edited; a change is a new row with an effective date,
-- so history is kept and any past charge can be explained.
CREATE TABLE credit_rates (
  country text NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
  xof_per_credit integer NOT NULL CHECK (xof_per_credit > 0),
  effective_from timestamptz NOT NULL,
  set_by text NOT NULL,
  set_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (country, effective_from)
);

CREATE TABLE tariffs (
  code text NOT NULL CHECK (code ~ '^[a-z_]{1,40}$'),
  module text NOT NULL CHECK (module IN ('services', 'shop', 'booking', 'real_estate', 'debt_collection', 'platform')),
  min_credits integer NOT NULL CHECK (min_credits > 0),
  max_credits integer NOT NULL CHECK (max_credits >= min_credits),
  per text NOT NULL CHECK (per IN ('operation', 'product_month', 'listing_period', 'notification', 'month')),
  -- Cashback (3%) applies to eligible charges only.
  cashback_eligible boolean NOT NULL DEFAULT false,
  effective_from timestamptz NOT NULL,
  set_by text NOT NULL,
  set_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (code, effective_from)
);

CREATE TABLE module_commission_rates (
  module text NOT NULL CHECK (module IN ('services', 'shop', 'booking', 'real_estate', 'debt_collection')),
  rate_bp integer NOT NULL CHECK (rate_bp BETWEEN 0 AND 10000),
  per_listing_xof integer NOT NULL CHECK (per_listing_xof >= 0),
  effective_from timestamptz NOT NULL,
  set_by text NOT NULL,
  set_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (module, effective_from)
);

-- Sales-commission rates: scope '*' (defaults), '<module>' or '<module>:<partner category>'.
CREATE TABLE sales_commission_rates (
  scope text NOT NULL CHECK (scope ~ '^(\*|[a-z_]+(:[a-z0-9_]+)?)$'),
  junior_bp integer NOT NULL CHECK (junior_bp BETWEEN 0 AND 10000),
  senior_bp integer NOT NULL CHECK (senior_bp BETWEEN 0 AND 10000),
  team_lead_bp integer NOT NULL CHECK (team_lead_bp BETWEEN 0 AND 10000),
  effective_from timestamptz NOT NULL,
  set_by text NOT NULL,
  set_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (scope, effective_from)
);

-- What a consumption was, so commissions can be explained and re-simulated under other rates.
CREATE TABLE credit_consumptions (
  operation_id uuid PRIMARY KEY REFERENCES ledger_operations (id),
  consumer_account_id uuid NOT NULL REFERENCES accounts (id),
  module text NOT NULL,
  tariff_code text NOT NULL,
  partner_category text,
  amount bigint NOT NULL CHECK (amount > 0),
  sales_rep_id uuid REFERENCES accounts (id),
  rep_active_partners integer,
  team_lead_ids uuid[] NOT NULL DEFAULT '{}',
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX credit_consumptions_at ON credit_consumptions (at);

CREATE TABLE commission_accruals (
  transfer_id uuid PRIMARY KEY REFERENCES ledger_transfers (id),
  operation_id uuid NOT NULL REFERENCES ledger_operations (id),
  beneficiary_id uuid NOT NULL REFERENCES accounts (id),
  role text NOT NULL CHECK (role IN ('sales_rep', 'team_lead')),
  level text NOT NULL CHECK (level IN ('junior', 'senior', 'lead')),
  rate_bp integer NOT NULL,
  module text NOT NULL,
  amount bigint NOT NULL CHECK (amount > 0),
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX commission_accruals_beneficiary ON commission_accruals (beneficiary_id, at);

-- Monthly payout statements: one per beneficiary and month, paid once (idempotent run).
CREATE TABLE commission_statements (
  beneficiary_id uuid NOT NULL REFERENCES accounts (id),
  period text NOT NULL CHECK (period ~ '^[0-9]{4}-[0-9]{2}$'),
  accrued bigint NOT NULL CHECK (accrued >= 0),
  paid bigint NOT NULL CHECK (paid >= 0),
  accrual_count integer NOT NULL,
  operation_id uuid REFERENCES ledger_operations (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (beneficiary_id, period)
);

-- Mobile-money payments: a top-up is granted once, only after a verified success.
CREATE TABLE mobile_money_payments (
  id uuid PRIMARY KEY,
  provider text NOT NULL CHECK (provider IN ('wave', 'momo')),
  -- Known once the provider accepted the payment (Wave session id; MoMo: our id).
  provider_ref text CHECK (char_length(provider_ref) <= 100),
  account_id uuid NOT NULL REFERENCES accounts (id),
  idempotency_key text NOT NULL CHECK (char_length(idempotency_key) BETWEEN 1 AND 128),
  amount_xof integer NOT NULL CHECK (amount_xof > 0),
  credits bigint NOT NULL CHECK (credits > 0),
  payer_msisdn text CHECK (payer_msisdn ~ '^[0-9]{8,15}$'),
  status text NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
  failure text CHECK (char_length(failure) <= 200),
  redirect_url text CHECK (char_length(redirect_url) <= 2000),
  granted_operation_id uuid REFERENCES ledger_operations (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT mobile_money_payments_ref UNIQUE (provider, provider_ref),
  CONSTRAINT mobile_money_payments_key UNIQUE (account_id, idempotency_key),
  CHECK ((status = 'succeeded') = (granted_operation_id IS NOT NULL))
);
CREATE INDEX mobile_money_payments_pending ON mobile_money_payments (created_at) WHERE status = 'pending';

-- Webhook events seen, by provider event id: a replayed or duplicated event is a no-op.
CREATE TABLE mobile_money_events (
  provider text NOT NULL,
  event_id text NOT NULL CHECK (char_length(event_id) <= 100),
  received_at timestamptz NOT NULL DEFAULT now(),
  outcome text NOT NULL,
  PRIMARY KEY (provider, event_id)
);
