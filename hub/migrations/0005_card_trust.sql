-- What a hub needs to check cards with the cloud unreachable (SPEC 3.3, 3.8): the card
-- signing keys (JWKS) and the signed revocation list, as last downloaded, with their age;
-- and the dynamic QR codes already used here (a code shown twice is refused).
CREATE TABLE card_trust (
  name TEXT PRIMARY KEY CHECK (name IN ('jwks', 'revocations')),
  body TEXT NOT NULL CHECK (length(body) <= 20000000),
  -- When the cloud issued it (the revocation list's own signed time), in seconds.
  issued_at_s INTEGER,
  fetched_at TEXT NOT NULL
) STRICT;

CREATE TABLE dynamic_codes_seen (
  jti TEXT PRIMARY KEY CHECK (length(jti) <= 100),
  expires_at_s INTEGER NOT NULL
) STRICT;
