-- A sales rep onboards a partner on its behalf (issue 23): the partner account (pending until KYC) is
-- attached to the rep who created it; its KYC case takes documents the rep uploads; the partner's consent
-- is given by reading out a one-time code sent by SMS to its phone. The code is kept as an HMAC only,
-- expires, and takes a bounded number of tries; sends are bounded too. One row per onboarded partner.
CREATE TABLE rep_onboardings (
  partner_id uuid PRIMARY KEY REFERENCES accounts (id),
  sales_rep_id uuid NOT NULL REFERENCES accounts (id),
  -- The rep's Idempotency-Key: a replayed creation answers the same partner.
  idempotency_key text NOT NULL CHECK (char_length(idempotency_key) BETWEEN 1 AND 128),
  case_id uuid NOT NULL REFERENCES kyc_cases (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  code_hash text CHECK (char_length(code_hash) = 64),
  code_expires_at timestamptz,
  code_tries integer NOT NULL DEFAULT 0 CHECK (code_tries BETWEEN 0 AND 5),
  codes_sent integer NOT NULL DEFAULT 0 CHECK (codes_sent >= 0),
  consent_version text CHECK (char_length(consent_version) BETWEEN 1 AND 60),
  consent_at timestamptz,
  consent_channel text CHECK (consent_channel IN ('sms_code')),
  consent_recorded_by uuid REFERENCES accounts (id),
  CONSTRAINT rep_onboardings_key UNIQUE (sales_rep_id, idempotency_key),
  CONSTRAINT rep_onboardings_consent_whole CHECK (
    (consent_at IS NULL) = (consent_version IS NULL)
    AND (consent_at IS NULL) = (consent_channel IS NULL)
    AND (consent_at IS NULL) = (consent_recorded_by IS NULL)
  )
);
CREATE INDEX rep_onboardings_rep ON rep_onboardings (sales_rep_id, created_at DESC);
