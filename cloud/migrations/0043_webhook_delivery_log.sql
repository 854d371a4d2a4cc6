-- A partner reads each webhook's delivery log (issue 23): every attempt's HTTP status code
-- (a success's too, not only failures' words) and when it was made, listed newest first per
-- subscription; and a test event a partner sends is queued like any other delivery.
ALTER TABLE webhook_deliveries
  ADD COLUMN last_status_code integer CHECK (last_status_code BETWEEN 100 AND 599),
  ADD COLUMN last_attempt_at timestamptz;
CREATE INDEX webhook_deliveries_log ON webhook_deliveries (subscription_id, id DESC);
