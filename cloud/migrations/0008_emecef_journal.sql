-- The e-MECeF journal (research 2.6): the uid of a request submitted to the DGI Bénin is
-- written here before it is confirmed, so after a crash or an unknown outcome the cloud
-- looks that uid up instead of submitting the invoice a second time.
CREATE TABLE emecef_journal (
  invoice_id uuid PRIMARY KEY REFERENCES invoices (id),
  uid text NOT NULL CHECK (char_length(uid) BETWEEN 1 AND 100),
  written_at timestamptz NOT NULL DEFAULT now()
);
