-- Issue 23, the partner's rates calendar. A partner closes a unit's nights (works, owner's use): a closed night is a
-- booking_nights row with no reservation, so the one primary key that stops overbooking also stops booking a closed
-- night (search, quote, calendar and hold already treat any row as taken), and cancelling or expiring a reservation,
-- which deletes its own rows by reservation_id, never reopens a closed night.
ALTER TABLE booking_nights ALTER COLUMN reservation_id DROP NOT NULL;
