-- Ledger throughput (issue 29.8): an account's name and kind are checked when they are written, not
-- on every balance update. PostgreSQL evaluates every CHECK constraint of a row on every UPDATE,
-- whichever columns change, so each balance update of a group commit ran the name's regular
-- expression again: bench/ledger-transfers.mjs measured about 15 µs of PostgreSQL CPU per transfer
-- (a third of the database's share) spent re-checking names that never change.
--
-- The same rules, in a trigger that fires only when a row is inserted or an UPDATE names `code` or
-- `kind`; the refusal keeps its SQLSTATE (23514, check_violation). Not additive in the
-- `-- ismail:additive` sense (it drops two constraints), although older code never relied on them.
CREATE FUNCTION ledger_account_name_is_valid() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.code !~ '^[a-z_]+(:[A-Za-z0-9_.-]{1,64})?$' THEN
    RAISE EXCEPTION 'ledger account name % is not <kind>[:<id>]', NEW.code USING ERRCODE = 'check_violation';
  END IF;
  IF NEW.kind NOT IN ('wallet', 'revenue', 'cash_drawer', 'mm_clearing', 'commissions_payable', 'bonus_pool',
      'tax_payable', 'expired_credits', 'overdraft_receivable', 'withdrawals_payable') THEN
    RAISE EXCEPTION 'ledger account kind % is unknown', NEW.kind USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER ledger_accounts_name_is_valid BEFORE INSERT OR UPDATE OF code, kind ON ledger_accounts
  FOR EACH ROW EXECUTE FUNCTION ledger_account_name_is_valid();

ALTER TABLE ledger_accounts DROP CONSTRAINT ledger_accounts_code_check, DROP CONSTRAINT ledger_accounts_kind_check;
