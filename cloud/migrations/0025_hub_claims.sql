-- Hub operations are claims the cloud verifies (issue 20.1).
--
-- Ceilings: besides one offline payment and one wallet's offline day at a hub, a hub's whole
-- offline day and its cash drawer's day are bounded too, all signed into its policy. Each
-- change of ceilings is a new version; the old one is kept with the time it was replaced, so
-- a sale made offline under a policy signed before the change is judged by the ceilings that
-- policy carried (for as long as such a policy could still be in force, its lifetime).
ALTER TABLE hubs
  -- 10,000 credits (500,000 FCFA at 50 FCFA a credit) of offline wallet debits a day per hub.
  ADD COLUMN offline_per_hub_per_day_centi_credits bigint NOT NULL DEFAULT 1000000 CHECK (offline_per_hub_per_day_centi_credits >= 0),
  -- Cash sold for credits through this hub's drawer in a day: a busy counter's day.
  ADD COLUMN cash_top_up_per_day_xof bigint NOT NULL DEFAULT 2000000 CHECK (cash_top_up_per_day_xof >= 0),
  ADD COLUMN ceilings_version integer NOT NULL DEFAULT 1 CHECK (ceilings_version >= 1),
  -- The hub's time of the latest money operation applied: a later one may not be dated before it.
  ADD COLUMN last_money_op_at timestamptz;

CREATE TABLE hub_ceiling_versions (
  hub_id uuid NOT NULL REFERENCES hubs (id),
  version integer NOT NULL CHECK (version >= 1),
  per_transaction_centi_credits bigint NOT NULL CHECK (per_transaction_centi_credits >= 0),
  per_wallet_per_day_centi_credits bigint NOT NULL CHECK (per_wallet_per_day_centi_credits >= 0),
  per_hub_per_day_centi_credits bigint NOT NULL CHECK (per_hub_per_day_centi_credits >= 0),
  cash_top_up_per_day_xof bigint NOT NULL CHECK (cash_top_up_per_day_xof >= 0),
  superseded_at timestamptz NOT NULL,
  PRIMARY KEY (hub_id, version)
);

-- What a hub took offline from wallets, per wallet and per day (UTC, the day of the sale), and
-- what its drawer took in cash per day: raised only by `INSERT ... ON CONFLICT DO UPDATE ...
-- WHERE total + amount <= ceiling`, in the transaction that moves the money.
CREATE TABLE hub_wallet_day_totals (
  hub_id uuid NOT NULL REFERENCES hubs (id),
  account_id uuid NOT NULL REFERENCES accounts (id),
  day date NOT NULL,
  offline_centi_credits bigint NOT NULL CHECK (offline_centi_credits >= 0),
  PRIMARY KEY (hub_id, account_id, day)
);
CREATE TABLE hub_day_totals (
  hub_id uuid NOT NULL REFERENCES hubs (id),
  day date NOT NULL,
  offline_wallet_centi_credits bigint NOT NULL DEFAULT 0 CHECK (offline_wallet_centi_credits >= 0),
  cash_top_up_xof bigint NOT NULL DEFAULT 0 CHECK (cash_top_up_xof >= 0),
  PRIMARY KEY (hub_id, day)
);

-- Balances the cloud answered to a hub for a card shown at its counter: an online wallet
-- payment names the one it relied on, and each authorises one payment, up to what it said.
CREATE TABLE hub_balance_checks (
  id uuid PRIMARY KEY,
  hub_id uuid NOT NULL REFERENCES hubs (id),
  card_id uuid NOT NULL REFERENCES cards (id),
  account_id uuid NOT NULL REFERENCES accounts (id),
  available_centi_credits bigint NOT NULL,
  at timestamptz NOT NULL,
  used_by_op uuid
);
CREATE INDEX hub_balance_checks_at ON hub_balance_checks (at);

-- Card credentials that paid at a hub: a dynamic code pays once, whichever hub presents it.
CREATE TABLE hub_payment_credentials (
  jti text PRIMARY KEY CHECK (char_length(jti) <= 64),
  hub_id uuid NOT NULL REFERENCES hubs (id),
  op_id uuid NOT NULL,
  expires_at timestamptz NOT NULL
);

-- A hub sale's payment and what has been refunded of it; each line's quantity and what has
-- been credited of it. The checks are the bound: a second credit of a credited line, or a
-- refund above what that wallet paid, violates them and rolls the credit note back.
CREATE TABLE hub_sale_payments (
  invoice_id uuid PRIMARY KEY REFERENCES invoices (id),
  method text NOT NULL CHECK (method IN ('cash', 'wallet')),
  payer_account_id uuid REFERENCES accounts (id),
  paid_centi_credits bigint NOT NULL CHECK (paid_centi_credits >= 0),
  refunded_centi_credits bigint NOT NULL DEFAULT 0,
  CONSTRAINT hub_sale_payments_refund_bound CHECK (refunded_centi_credits BETWEEN 0 AND paid_centi_credits),
  CHECK ((method = 'wallet') = (payer_account_id IS NOT NULL))
);
CREATE TABLE hub_sale_credit_lines (
  invoice_id uuid NOT NULL REFERENCES invoices (id),
  line_index integer NOT NULL CHECK (line_index >= 0),
  sold_milli bigint NOT NULL CHECK (sold_milli > 0),
  credited_milli bigint NOT NULL,
  CONSTRAINT hub_sale_credit_lines_bound CHECK (credited_milli BETWEEN 0 AND sold_milli),
  PRIMARY KEY (invoice_id, line_index)
);

-- Sales recorded before: their payment from the ledger, what their credit notes refunded and
-- credited (capped at what was sold, so history that went over stays readable).
INSERT INTO hub_sale_payments (invoice_id, method, payer_account_id, paid_centi_credits, refunded_centi_credits)
SELECT i.id, 'wallet', i.recipient_account_id, p.amount, LEAST(p.amount, coalesce(r.amount, 0))
FROM invoices i
JOIN hub_operations o ON o.type = 'shop.sale' AND o.status = 'applied' AND o.result ->> 'invoiceNumber' = i.number AND o.result ? 'operationId'
CROSS JOIN LATERAL (SELECT coalesce(sum(t.amount), 0) AS amount FROM ledger_transfers t WHERE t.operation_id = (o.result ->> 'operationId')::uuid AND t.leg = 'payment') p
CROSS JOIN LATERAL (
  SELECT sum(t.amount) AS amount FROM invoices c
  JOIN hub_operations co ON co.type = 'shop.sale_credit' AND co.status = 'applied' AND co.result ->> 'creditNoteNumber' = c.number AND co.result ? 'operationId'
  JOIN ledger_transfers t ON t.operation_id = (co.result ->> 'operationId')::uuid AND t.leg = 'refund'
  WHERE c.original_invoice_id = i.id AND c.source = 'hub_credit'
) r
WHERE i.source = 'hub_sale' AND i.kind = 'invoice' AND i.recipient_account_id IS NOT NULL
ON CONFLICT DO NOTHING;

INSERT INTO hub_sale_credit_lines (invoice_id, line_index, sold_milli, credited_milli)
SELECT i.id, (l.ordinality - 1)::int, (l.value ->> 'quantityMilli')::bigint,
  LEAST((l.value ->> 'quantityMilli')::bigint, coalesce((
    SELECT sum((cl.value ->> 'quantityMilli')::bigint) FROM invoices c
    CROSS JOIN LATERAL jsonb_array_elements(c.document -> 'original' -> 'lines') cl
    WHERE c.original_invoice_id = i.id AND c.source = 'hub_credit' AND (cl.value ->> 'index')::int = l.ordinality - 1
  ), 0))
FROM invoices i CROSS JOIN LATERAL jsonb_array_elements(i.document -> 'lines') WITH ORDINALITY l
WHERE i.source = 'hub_sale' AND i.kind = 'invoice' AND (l.value ->> 'quantityMilli')::bigint > 0
ON CONFLICT DO NOTHING;

-- When an account's status last changed: an offline sale is judged by what the cloud had
-- decided before the card list the hub held (a suspension after it was not knowable there).
ALTER TABLE accounts ADD COLUMN status_changed_at timestamptz NOT NULL DEFAULT now();
CREATE FUNCTION accounts_status_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status IS DISTINCT FROM OLD.status THEN
    NEW.status_changed_at := now();
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER accounts_status_changed BEFORE UPDATE OF status ON accounts FOR EACH ROW EXECUTE FUNCTION accounts_status_changed();
