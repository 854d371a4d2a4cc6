-- Change feeds that never skip a late commit (issue 20, item 13).
--
-- A sequence number is drawn when a row is written, not when it commits: a writer that drew
-- 10 may commit after one that drew 11, and a reader that remembers "the highest number I
-- saw" then skips 10 for ever. Two readers are concerned.

-- 1. The notification feeder reads ledger batches. Each batch records the transaction that
--    wrote it; the feeder remembers the database snapshot it last read at (pg_snapshot) and
--    next reads the batches whose writer that snapshot did not see as committed, whatever
--    their ids (the technique of PgQ's ticks). Existing batches get the migration's own id.
ALTER TABLE ledger_batches ADD COLUMN writer_xid xid8 NOT NULL DEFAULT pg_current_xact_id();
CREATE INDEX ledger_batches_writer ON ledger_batches (writer_xid);
-- seen: the snapshot everything before was delivered at (NULL: the cursor still counts ids,
-- as before this migration, until its next read). page_end / page_after: a read cut into
-- pages, the snapshot it reads up to and the last batch id delivered from it.
ALTER TABLE notification_feed_cursors
  ADD COLUMN seen pg_snapshot,
  ADD COLUMN page_end pg_snapshot,
  ADD COLUMN page_after bigint;

-- 2. The hub shape feed reads shape_changes by offset. Rows are written with a provisional
--    seq; a log position is given afterwards, in commit order, by one placer at a time
--    (place_shape_changes: only committed rows are visible to it, and the next placer starts
--    after this one committed), and hubs read by that position. Existing rows keep their seq
--    as position, so offsets hubs already hold stay valid.
ALTER TABLE shape_changes ADD COLUMN log_position bigint;
UPDATE shape_changes SET log_position = seq;
CREATE UNIQUE INDEX shape_changes_log_position ON shape_changes (log_position);
CREATE INDEX shape_changes_unplaced ON shape_changes (seq) WHERE log_position IS NULL;
CREATE INDEX shape_changes_partner_position ON shape_changes (partner_id, tbl, log_position);
CREATE INDEX shape_changes_hub_position ON shape_changes (hub_id, tbl, log_position) WHERE hub_id IS NOT NULL;

-- Gives positions to committed, unplaced rows, oldest first, at most max_rows; returns how
-- many. Run as its own statement (autocommit): the lock is held until its commit, so the
-- positions of one placer are all visible before the next placer reads max(log_position).
-- A placer finding the lock taken does nothing: the holder places what it can see, and what
-- it cannot see yet is placed by a later call, after everything placed so far.
CREATE FUNCTION place_shape_changes(max_rows integer) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  placed integer;
BEGIN
  IF NOT pg_try_advisory_xact_lock(7319245030) THEN
    RETURN 0;
  END IF;
  WITH top AS (SELECT coalesce(max(log_position), 0) AS p FROM shape_changes),
       todo AS (SELECT seq, row_number() OVER (ORDER BY seq) AS n FROM shape_changes WHERE log_position IS NULL ORDER BY seq LIMIT max_rows)
  UPDATE shape_changes s SET log_position = top.p + todo.n FROM top, todo WHERE s.seq = todo.seq;
  GET DIAGNOSTICS placed = ROW_COUNT;
  RETURN placed;
END;
$$;
