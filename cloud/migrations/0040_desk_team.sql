-- Issue 23 (ID desk, team tree): the desk reads its own verification log, newest first; without this index that
-- read scans every verification ever logged.
CREATE INDEX card_verifications_by_verifier ON card_verifications (verifier_account_id, at DESC)
  WHERE verifier_account_id IS NOT NULL;

-- An agency chief asks to move a partner from one of their sales reps to another; an admin approves (the move is
-- then written to attachment_transfers, as the direct admin transfer does) or refuses, with a reason either way.
CREATE TABLE attachment_transfer_requests (
  id uuid PRIMARY KEY,
  partner_id uuid NOT NULL REFERENCES accounts (id),
  from_sales_rep_id uuid REFERENCES accounts (id),
  to_sales_rep_id uuid NOT NULL REFERENCES accounts (id),
  requested_by uuid NOT NULL REFERENCES accounts (id),
  reason text NOT NULL CHECK (char_length(reason) BETWEEN 3 AND 500),
  state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'approved', 'refused')),
  decided_by uuid REFERENCES accounts (id),
  decision_reason text CHECK (decision_reason IS NULL OR char_length(decision_reason) BETWEEN 3 AND 500),
  requested_at timestamptz NOT NULL DEFAULT now(),
  decided_at timestamptz
);
-- One open request per partner: a second (or a raced duplicate) is refused, not queued.
CREATE UNIQUE INDEX attachment_transfer_requests_one_pending ON attachment_transfer_requests (partner_id)
  WHERE state = 'pending';
CREATE INDEX attachment_transfer_requests_by_requester ON attachment_transfer_requests (requested_by, requested_at DESC);
CREATE INDEX attachment_transfer_requests_pending ON attachment_transfer_requests (requested_at) WHERE state = 'pending';
