/**
 * The cloud's own incident (issue 28.5): an active hub heard of neither by a health report nor by a push for the
 * silence threshold may be cut off, and then it cannot tell anyone itself. Run as a job every minute; a hub heard
 * again (or no longer active) has its silence closed here or by its next report. Only hubs that have reported at
 * least once are watched: a hub reports within a minute of pairing, and one running software from before the
 * reports (which pushes only when it sells) would otherwise be "silent" every quiet night.
 */
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { closeIncident, openIncident, type IncidentContext } from './incidents.js';
import { durationText } from './units.js';

/** Hubs looked at per run: bounds one run's work (the rest wait for the next minute). */
const hubsPerRunMax = 500;

export async function checkSilentHubs(
  db: Database,
  context: IncidentContext,
  silentAfterS: number,
  now: Date,
): Promise<{ opened: number; closed: number }> {
  const since = new Date(now.getTime() - silentAfterS * 1000);
  // Last heard: the later of a push (last_seen_at) and a health report.
  const heard = `greatest(h.last_seen_at, hh.received_at)`;
  const silent = await db.pool.query<{ id: string; heard_at: Date }>(
    `SELECT h.id, ${heard} AS heard_at FROM hubs h JOIN hub_health hh ON hh.hub_id = h.id
      WHERE h.status = 'active' AND ${heard} < $1
        AND NOT EXISTS (SELECT 1 FROM hub_incidents i WHERE i.hub_id = h.id AND i.kind = 'silent' AND i.closed_at IS NULL)
      ORDER BY h.id LIMIT $2`,
    [since, hubsPerRunMax],
  );
  let opened = 0;
  for (const hub of silent.rows) {
    const detail = durationText((now.getTime() - hub.heard_at.getTime()) / 1000);
    if (
      await withTransaction(db.pool, (c) =>
        openIncident(c, context, { hubId: hub.id, kind: 'silent', detail, at: now }),
      )
    )
      opened++;
  }
  const heardAgain = await db.pool.query<{ id: string }>(
    `SELECT h.id FROM hub_incidents i JOIN hubs h ON h.id = i.hub_id LEFT JOIN hub_health hh ON hh.hub_id = h.id
      WHERE i.kind = 'silent' AND i.closed_at IS NULL AND (h.status <> 'active' OR ${heard} >= $1)
      ORDER BY h.id LIMIT $2`,
    [since, hubsPerRunMax],
  );
  let closed = 0;
  for (const hub of heardAgain.rows)
    if (await withTransaction(db.pool, (c) => closeIncident(c, context, { hubId: hub.id, kind: 'silent', at: now })))
      closed++;
  return { opened, closed };
}
