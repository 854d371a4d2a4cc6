-- A counter finds a client by phone number (issue 28.4, hubs/customer-lookup.ts): an exact
-- match on the E.164 number, which scanned every account without this index.
CREATE INDEX accounts_phone_e164 ON accounts (phone_e164) WHERE phone_e164 IS NOT NULL;
