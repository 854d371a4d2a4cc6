-- Orange Money top-ups (issue 22, item 4): a third provider, and per payment the digest of
-- the token the provider repeats in its unsigned notifications (Orange's notif_token), so a
-- notification is taken only when it carries that token; the raw token is never stored.
ALTER TABLE mobile_money_payments DROP CONSTRAINT mobile_money_payments_provider_check;
ALTER TABLE mobile_money_payments ADD CONSTRAINT mobile_money_payments_provider_check
  CHECK (provider IN ('wave', 'momo', 'orange'));
ALTER TABLE mobile_money_payments ADD COLUMN notification_token_sha256 bytea
  CHECK (octet_length(notification_token_sha256) = 32);
