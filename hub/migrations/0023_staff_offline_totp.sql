-- Offline sign-in with an authenticator code (issue 20.7). For a person enrolled in TOTP the
-- cloud sends, at their online sign-in here, a verifier table for the offline window: 3-byte
-- digests of each 30 s step's code, keyed on scrypt(password, totp_salt). Never the secret,
-- never a code in clear (shared/src/sync/offline-totp.ts). NULL columns: not enrolled.
-- totp_last_step is the step last accepted offline, claimed by compare-and-set so a code is
-- taken once even when sent twice at the same moment.
ALTER TABLE staff_credentials ADD COLUMN totp_salt TEXT CHECK (totp_salt IS NULL OR length(totp_salt) = 22);
ALTER TABLE staff_credentials ADD COLUMN totp_first_step INTEGER CHECK (totp_first_step IS NULL OR totp_first_step >= 0);
-- 7 days of 30 s steps, 3 bytes each, is about 60 KB.
ALTER TABLE staff_credentials ADD COLUMN totp_digests BLOB CHECK (totp_digests IS NULL OR length(totp_digests) <= 65536);
ALTER TABLE staff_credentials ADD COLUMN totp_last_step INTEGER;
