import { describe, expect, it } from 'vitest';
import { whyNotAdditive } from './migrate.js';

describe('what an additive migration may do (older builds keep working beside it)', () => {
  it.each([
    'CREATE TABLE rolling (id uuid PRIMARY KEY, at timestamptz NOT NULL DEFAULT now(), owner uuid REFERENCES accounts (id) ON DELETE CASCADE)',
    'CREATE INDEX CONCURRENTLY rolling_at ON rolling (at)',
    "ALTER TABLE accounts ADD COLUMN nickname text; ALTER TABLE accounts ADD COLUMN tier text NOT NULL DEFAULT 'basic'",
    'CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN DELETE FROM x; RETURN NULL; END $$',
    'CREATE TRIGGER t AFTER INSERT OR UPDATE OR DELETE ON rolling FOR EACH ROW EXECUTE FUNCTION f()',
    "COMMENT ON TABLE rolling IS 'DROP and RENAME in quotes are words, not statements'",
    '-- DROP TABLE accounts; (a comment)\nCREATE TABLE rolling_two (id int)',
  ])('allows %s', (sql) => {
    expect(whyNotAdditive(sql)).toBeNull();
  });

  it.each([
    ['DROP TABLE accounts', 'DROP'],
    ['ALTER TABLE accounts DROP COLUMN phone_e164', 'DROP'],
    ['ALTER TABLE accounts RENAME COLUMN email TO mail', 'RENAME'],
    ['ALTER TABLE accounts ALTER COLUMN email TYPE varchar(50)', 'ALTER COLUMN'],
    ['ALTER TABLE accounts ADD COLUMN tier text NOT NULL', 'NOT NULL column without a DEFAULT'],
    ['ALTER TABLE accounts ADD CONSTRAINT email_short CHECK (length(email) < 50)', 'constraint'],
    ['CREATE UNIQUE INDEX accounts_phone ON accounts (phone_e164)', 'unique index'],
    ["UPDATE accounts SET status = 'active'", 'UPDATE or DELETE'],
    ['CREATE TABLE x (id int); DELETE FROM accounts', 'UPDATE or DELETE'],
    ['TRUNCATE notifications', 'TRUNCATE'],
  ])('refuses %s', (sql, reason) => {
    expect(whyNotAdditive(sql)).toContain(reason);
  });
});
