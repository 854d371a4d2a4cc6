-- Open sessions as the person sees them (issue 22, profile and security): the device each
-- session was opened from (its user agent, cut to 300 characters), kept on the session's first
-- row; later rotations of the family leave it null and the list reads it from the first.
ALTER TABLE sessions ADD COLUMN user_agent text CHECK (char_length(user_agent) <= 300);
CREATE INDEX sessions_account_open ON sessions (account_id) WHERE revoked_at IS NULL;
