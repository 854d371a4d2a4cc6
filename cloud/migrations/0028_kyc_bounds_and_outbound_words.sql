-- Issue 20.11: a KYC document is added only to a case still in draft, checked under the
-- case's row lock in the inserting transaction, so a submit (which takes the same lock) and
-- an upload are ordered: the upload either lands before the submit or is refused. The route
-- checks the same thing (and the per-case bounds) first with a stable error code; this is the
-- constraint behind it for any other path.
CREATE FUNCTION kyc_documents_only_in_draft() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM kyc_cases WHERE id = NEW.case_id AND state = 'draft' FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'KYC case % is not in draft: no document may be added', NEW.case_id USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER kyc_documents_only_in_draft BEFORE INSERT ON kyc_documents FOR EACH ROW EXECUTE FUNCTION kyc_documents_only_in_draft();

-- Issue 20.6: a webhook delivery's last error is a status code or our own words. Errors kept
-- before could hold a remote server's text or an internal address: replaced by our words.
UPDATE webhook_deliveries SET last_error = 'connection failed' WHERE last_error IS NOT NULL AND last_error !~ '^HTTP [0-9]{3}$';
