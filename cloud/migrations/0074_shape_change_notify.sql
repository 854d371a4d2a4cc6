-- The hub shape feed at scale (issue 29.6): live requests are woken by LISTEN/NOTIFY instead
-- of each polling the change log every 250 ms.
--
-- 1. Every change logged for a shape announces, at its writer's commit (NOTIFY is
--    transactional: a rolled-back change is never announced), which shape and whose rows:
--    "<table>:<partner or hub id>", at most 60 bytes, far below PostgreSQL's 8000. Several
--    changes of one scope in one transaction make one notification (PostgreSQL folds equal
--    payloads of a transaction), so a 10,000-row import announces once.
CREATE FUNCTION shape_changes_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- hub_id is set exactly for the hub-scoped shape (constraint shape_changes_hub_scoped).
  PERFORM pg_notify('shape_changes', NEW.tbl || ':' || coalesce(NEW.hub_id, NEW.partner_id)::text);
  RETURN NULL;
END;
$$;
CREATE TRIGGER shape_changes_notify AFTER INSERT ON shape_changes FOR EACH ROW EXECUTE FUNCTION shape_changes_notify();

-- 2. The placer a listening process runs when woken: the same as place_shape_changes
--    (migration 0030) but it waits for the placer at work instead of returning 0. A woken
--    process must know the change it heard of has a log position before it wakes the hubs'
--    requests: a placer already at work may have taken its snapshot before that change
--    committed, so "someone else is placing" does not mean "it will be placed". After the
--    wait, the next statement reads with a new snapshot (READ COMMITTED, volatile function),
--    so it sees both the previous placer's positions and the change announced.
CREATE FUNCTION place_shape_changes_waiting(max_rows integer) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  placed integer;
BEGIN
  PERFORM pg_advisory_xact_lock(7319245030);
  WITH top AS (SELECT coalesce(max(log_position), 0) AS p FROM shape_changes),
       todo AS (SELECT seq, row_number() OVER (ORDER BY seq) AS n FROM shape_changes WHERE log_position IS NULL ORDER BY seq LIMIT max_rows)
  UPDATE shape_changes s SET log_position = top.p + todo.n FROM top, todo WHERE s.seq = todo.seq;
  GET DIAGNOSTICS placed = ROW_COUNT;
  RETURN placed;
END;
$$;
