-- A refused hub operation's stable error code, beside the words for staff (issue 21, item 3):
-- the hub branches on the code, never on the text. Earlier refusals carried the code as the
-- prefix of their reason ("CARD_NOT_ACCEPTED: ..."); it is read from there once.
ALTER TABLE hub_operations ADD COLUMN code text CHECK (code ~ '^[A-Z][A-Z0-9_]{1,59}$');
UPDATE hub_operations SET code = substring(reason FROM '^([A-Z][A-Z0-9_]{1,59}):') WHERE status = 'rejected' AND reason IS NOT NULL;
