-- The tax authority's QR for a certified invoice (issue 21, item 5), as the cloud's
-- `hub_invoice_clearances` feed brings it: the counter's ticket and its reprints lay out the
-- certification (authority, reference, QR) instead of only the cloud's verification link.
ALTER TABLE invoice_clearances ADD COLUMN qr_data TEXT CHECK (qr_data IS NULL OR length(qr_data) <= 2000);
