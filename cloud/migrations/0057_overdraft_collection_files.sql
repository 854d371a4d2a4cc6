-- Offline overdrafts become Recouvrement files (issue 26 item 6): every wallet overdraft file of 0013 (debt_files,
-- centi-credits, owed to ISMAIL) gets its collection file (creditor NULL = ISMAIL, source 'overdraft', source_ref the
-- debt file's id), in FCFA at the credit rate of its opening day in the debtor's country (50 FCFA a credit when none
-- was set then), rounded up; what was repaid follows what is left in centi-credits, rounded up the same way the
-- cloud does it from now on (debt-collection/overdraft-files.ts). New overdrafts are opened by the wallet itself.
WITH src AS (
  SELECT d.id AS debt_id, d.debtor_account_id, a.display_name, a.phone_e164, a.email, d.amount_centi_credits AS lent,
    d.outstanding_centi_credits AS outstanding, d.status, d.opened_at, d.settled_at, (d.due_at AT TIME ZONE 'UTC')::date AS due_on,
    ceil(d.amount_centi_credits * coalesce((
      SELECT r.xof_per_credit FROM credit_rates r WHERE r.country = a.country AND r.effective_from <= d.opened_at
      ORDER BY r.effective_from DESC LIMIT 1), 50) / 100.0)::bigint AS principal_xof
  FROM debt_files d JOIN accounts a ON a.id = d.debtor_account_id
  WHERE d.kind = 'overdraft'
), rows AS (
  SELECT src.*, gen_random_uuid() AS file_id,
    src.principal_xof - ceil(src.outstanding * src.principal_xof / src.lent::numeric)::bigint AS paid_xof
  FROM src
), inserted AS (
  INSERT INTO collection_files (id, creditor_id, debtor_id, debtor_name, debtor_phone, debtor_email, source, source_ref,
    label, principal_xof, paid_xof, due_on, status, prescription_on, opened_at, closed_at)
  SELECT file_id, NULL, debtor_account_id, left(display_name, 160), phone_e164, email, 'overdraft', debt_id::text,
    'Découvert hors ligne ISMAIL', principal_xof, paid_xof, due_on,
    CASE WHEN status = 'settled' THEN 'paid' ELSE 'open' END, (due_on + interval '5 years')::date, opened_at,
    CASE WHEN status = 'settled' THEN coalesce(settled_at, opened_at) END
  FROM rows
  ON CONFLICT (source, source_ref) DO NOTHING
  RETURNING id, principal_xof, paid_xof, opened_at, closed_at
)
INSERT INTO collection_file_events (file_id, kind, amount_xof, detail, actor, at)
SELECT id, 'opened', principal_xof, '{"source": "overdraft", "migrated": true}'::jsonb, 'system:debt', opened_at FROM inserted
UNION ALL
SELECT id, 'payment', paid_xof, '{"method": "wallet", "migrated": true}'::jsonb, 'system:debt', coalesce(closed_at, opened_at)
FROM inserted WHERE paid_xof > 0;
