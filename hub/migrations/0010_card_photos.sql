-- Faces for the card desk: the KYC photo of a card shown here, fetched from the cloud once
-- and kept only if its SHA-256 matches the hash the signed card carries. Bounded (the oldest
-- go first), so a busy desk cannot fill the disk.
CREATE TABLE card_photos (
  card_id TEXT PRIMARY KEY CHECK (length(card_id) = 36),
  photo_hash TEXT NOT NULL CHECK (length(photo_hash) = 43),
  content_type TEXT NOT NULL CHECK (content_type IN ('image/png', 'image/jpeg')),
  bytes BLOB NOT NULL CHECK (length(bytes) BETWEEN 1 AND 5242880),
  fetched_at TEXT NOT NULL
) STRICT;
CREATE INDEX card_photos_age ON card_photos (fetched_at);
