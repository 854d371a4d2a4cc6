-- Issue 23, partner invoicing: an issued invoice sent by e-mail from the portal. One row per (issuer, idempotency
-- key): a replay of the same key finds the row and sends nothing; the row is written before the mail goes, so two
-- requests racing with one key send one mail.
CREATE TABLE invoice_emails (
  issuer_account_id uuid NOT NULL REFERENCES accounts (id),
  idempotency_key text NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 128),
  invoice_id uuid NOT NULL REFERENCES invoices (id),
  recipient_email text NOT NULL CHECK (length(recipient_email) BETWEEN 3 AND 254),
  sent_by uuid NOT NULL REFERENCES accounts (id),
  status text NOT NULL CHECK (status IN ('sending', 'sent', 'failed')),
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz,
  PRIMARY KEY (issuer_account_id, idempotency_key)
);

-- The invoice screen lists where an invoice was sent, newest first.
CREATE INDEX invoice_emails_invoice ON invoice_emails (invoice_id, created_at DESC);
