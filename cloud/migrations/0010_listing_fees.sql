-- Monthly listing fees of the Shop (SPEC 3.5 tariff product_listing): one charge per
-- partner and month, for its active products; a partner without the credits is retried.
CREATE TABLE shop_listing_charges (
  partner_id uuid NOT NULL REFERENCES accounts (id),
  period text NOT NULL CHECK (period ~ '^\d{4}-(0[1-9]|1[0-2])$'),
  products integer NOT NULL CHECK (products > 0),
  operation_id uuid NOT NULL,
  charged_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (partner_id, period)
);
