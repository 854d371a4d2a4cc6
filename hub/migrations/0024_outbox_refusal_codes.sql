-- A refused operation's stable error code as the cloud sends it (issue 21, item 3), beside
-- the words for staff: the counter says the refusal in its own words by the code, never by
-- reading it out of the text. Earlier refusals carried it as the text's prefix.
ALTER TABLE outbox ADD COLUMN code TEXT CHECK (code IS NULL OR (length(code) BETWEEN 2 AND 60 AND code NOT GLOB '*[^A-Z0-9_]*'));
UPDATE outbox SET code = substr(reason, 1, instr(reason, ':') - 1)
  WHERE status = 'rejected' AND instr(reason, ':') BETWEEN 3 AND 61 AND substr(reason, 1, instr(reason, ':') - 1) NOT GLOB '*[^A-Z0-9_]*';
