-- Who holds an in-app notification screen open, across every cloud process (issue 29.3,
-- notifications/screen-presence.ts): the per-account screen limit is counted here, not in
-- one process's memory. Each process renews its rows (heartbeat) and deletes them when a
-- socket or the process closes; a crashed process's rows lapse at expires_at and are
-- removed by the next claim for that account. At most maxScreensPerAccount rows per account
-- (the claim counts under a per-account advisory lock before inserting).
CREATE TABLE in_app_screens (
  id uuid PRIMARY KEY,
  -- No foreign key: a row lives a minute past its last heartbeat and holds no more than which
  -- account has a screen open; checking accounts at every claim would only slow the count.
  account_id uuid NOT NULL,
  process_id uuid NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX in_app_screens_account ON in_app_screens (account_id);
CREATE INDEX in_app_screens_process ON in_app_screens (process_id);
