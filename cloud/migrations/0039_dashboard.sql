-- Dashboards (issue 23): a read model of each seller's sales per day, kept in the same
-- transaction as the invoice that makes the sale, so a partner's sales curve and its today /
-- week / month figures read at most a year of day rows, never its invoices; indexes that
-- cover the other tiles' counts; each user's widget layout; the ledger check's last result.

-- One row per issuer and day (UTC, the time of Côte d'Ivoire): issued invoices counted and
-- their gross added, credit notes subtracted. An issued invoice never changes, so counting
-- it once when it becomes issued is exact.
CREATE TABLE dashboard_sales_days (
  issuer_account_id uuid NOT NULL REFERENCES accounts (id),
  day date NOT NULL,
  sales integer NOT NULL DEFAULT 0,
  amount_xof bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (issuer_account_id, day)
);

CREATE FUNCTION dashboard_count_sale() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status = 'issued' AND (TG_OP = 'INSERT' OR OLD.status IS DISTINCT FROM 'issued') THEN
    INSERT INTO dashboard_sales_days AS d (issuer_account_id, day, sales, amount_xof)
    VALUES (
      NEW.issuer_account_id,
      (NEW.issued_at AT TIME ZONE 'UTC')::date,
      CASE WHEN NEW.kind = 'invoice' THEN 1 ELSE 0 END,
      CASE WHEN NEW.kind = 'invoice' THEN 1 ELSE -1 END * coalesce((NEW.totals ->> 'grossXof')::bigint, 0)
    )
    ON CONFLICT (issuer_account_id, day) DO UPDATE
      SET sales = d.sales + EXCLUDED.sales, amount_xof = d.amount_xof + EXCLUDED.amount_xof;
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER invoices_dashboard_sales
  AFTER INSERT OR UPDATE OF status ON invoices
  FOR EACH ROW EXECUTE FUNCTION dashboard_count_sale();

-- What was issued before this migration.
INSERT INTO dashboard_sales_days (issuer_account_id, day, sales, amount_xof)
SELECT issuer_account_id, (issued_at AT TIME ZONE 'UTC')::date,
       count(*) FILTER (WHERE kind = 'invoice'),
       sum(CASE WHEN kind = 'invoice' THEN 1 ELSE -1 END * coalesce((totals ->> 'grossXof')::bigint, 0))
FROM invoices WHERE status = 'issued'
GROUP BY 1, 2;

-- Counts the tiles show, each answered from a small index rather than the table.
CREATE INDEX dashboard_orders_open ON shop_orders (partner_id) WHERE status IN ('pending', 'confirmed');
CREATE INDEX dashboard_bookings_open ON booking_reservations (partner_id, check_in) WHERE status IN ('held', 'confirmed');
CREATE INDEX dashboard_consumptions_consumer ON credit_consumptions (consumer_account_id, at) INCLUDE (module, amount);
CREATE INDEX dashboard_consumptions_rep ON credit_consumptions (sales_rep_id, at) INCLUDE (amount);
CREATE INDEX dashboard_accruals_beneficiary ON commission_accruals (beneficiary_id, at) INCLUDE (amount);
CREATE INDEX dashboard_kyc_in_review ON kyc_cases (submitted_at) WHERE state = 'in_review';
CREATE INDEX dashboard_hubs_active ON hubs (last_seen_at) WHERE status = 'active';

-- Each user's arrangement, the same on every device; `version` makes a save from a device
-- that did not see the last one fail instead of overwriting it.
CREATE TABLE dashboard_layouts (
  account_id uuid PRIMARY KEY REFERENCES accounts (id),
  widgets jsonb NOT NULL CHECK (jsonb_typeof(widgets) = 'array' AND jsonb_array_length(widgets) <= 20),
  version integer NOT NULL CHECK (version >= 1),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- The ledger check's results, run by the dashboard module's periodic job; admins see the last.
CREATE TABLE dashboard_ledger_checks (
  id bigserial PRIMARY KEY,
  checked_at timestamptz NOT NULL DEFAULT now(),
  ok boolean NOT NULL,
  problems integer NOT NULL CHECK (problems >= 0)
);
