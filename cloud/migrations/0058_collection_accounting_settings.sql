-- The accounts a creditor's collection journal is written to (issue 26, part A): SYSCOHADA numbers by default
-- (411 customers, 571 cash, 521 bank, 706 services sold, 708 ancillary income for recovery fees, 654 losses on bad
-- debts), changed per creditor for its own chart. One row per creditor; no row means the defaults. The cloud
-- validates the same rules; the checks keep a bad number out whatever writes the row.
CREATE TABLE collection_accounting_settings (
  creditor_id uuid PRIMARY KEY REFERENCES accounts (id),
  receivable_account text NOT NULL CHECK (receivable_account ~ '^[0-9]{2,10}$'),
  cash_account text NOT NULL CHECK (cash_account ~ '^[0-9]{2,10}$'),
  wallet_account text NOT NULL CHECK (wallet_account ~ '^[0-9]{2,10}$'),
  bank_account text NOT NULL CHECK (bank_account ~ '^[0-9]{2,10}$'),
  revenue_account text NOT NULL CHECK (revenue_account ~ '^[0-9]{2,10}$'),
  fees_account text NOT NULL CHECK (fees_account ~ '^[0-9]{2,10}$'),
  loss_account text NOT NULL CHECK (loss_account ~ '^[0-9]{2,10}$'),
  journal_code text NOT NULL CHECK (journal_code ~ '^[A-Z0-9]{1,6}$'),
  updated_by uuid NOT NULL REFERENCES accounts (id),
  updated_at timestamptz NOT NULL DEFAULT now()
);
