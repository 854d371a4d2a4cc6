-- The seller's identity as invoices print it (issue 19.8, SPEC 3.7 "templates carry logo,
-- legal mentions, tax IDs"): an issuer's street address, RCCM (trade register), trade name,
-- tax office and the phone printed on its invoices, kept on its account. Each invoice
-- copies them into its document's seller when it is drafted (invoicing/seller-identity.ts),
-- so an issued invoice keeps the identity it was issued under. Unset columns are simply not
-- printed (the address falls back to the country, as before).
ALTER TABLE accounts
  ADD COLUMN trade_name text CHECK (char_length(trade_name) BETWEEN 1 AND 200),
  ADD COLUMN address text CHECK (char_length(address) BETWEEN 1 AND 300),
  ADD COLUMN rccm text CHECK (char_length(rccm) BETWEEN 1 AND 60),
  ADD COLUMN tax_office text CHECK (char_length(tax_office) BETWEEN 1 AND 100),
  ADD COLUMN business_phone text CHECK (char_length(business_phone) BETWEEN 1 AND 30);

-- The logo printed on the issuer's documents: a small PNG or JPEG (checked by its magic
-- bytes before it gets here). In the database rather than sealed files like KYC documents:
-- it is public (printed on every invoice), tiny, and read on every render; 256 KiB bounds it.
-- It is presentation, not part of the hashed document: a new logo shows on reprints.
CREATE TABLE account_logos (
  account_id uuid PRIMARY KEY REFERENCES accounts (id),
  content_type text NOT NULL CHECK (content_type IN ('image/png', 'image/jpeg')),
  bytes bytea NOT NULL CHECK (octet_length(bytes) BETWEEN 1 AND 262144),
  updated_at timestamptz NOT NULL DEFAULT now()
);
