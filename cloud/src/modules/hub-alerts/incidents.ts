/**
 * Hub incidents (issue 28.5): opening one tells the establishment's partner and the agency chief (the supervisor of
 * the partner's sales rep) once, closing it tells them once more. "Once" rests on PostgreSQL, not on timing: an open
 * incident is unique per hub and kind (partial unique index), so of two reports at once only one INSERT returns a row;
 * a close is an UPDATE of the open row, so only one returns it; and the notices are emitted in that same transaction
 * with a key per incident and step, so a retried transaction cannot send twice either.
 *
 * Who is told comes from the cloud's records (the hub's partner, the partner's sales rep's chief), never from a report.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { NotificationService } from '../notifications/service.js';
import type { HubAlertKind } from './units.js';

export interface IncidentContext {
  readonly notifications: NotificationService;
  /** The portal's page of the partner's hubs, linked from the messages. */
  readonly link: string;
}

interface Recipient {
  readonly id: string;
  readonly firstName: string;
}

/** The hub's partner and, when the partner has a sales rep with a chief, that agency chief. */
async function recipientsOf(client: pg.PoolClient, hubId: string): Promise<{ hubName: string; to: Recipient[] }> {
  const { rows } = await client.query<{
    hub_name: string;
    partner_id: string;
    partner_name: string | null;
    chief_id: string | null;
    chief_name: string | null;
  }>(
    `SELECT h.name AS hub_name, p.id AS partner_id, coalesce(p.first_name, p.display_name) AS partner_name,
            chief.id AS chief_id, coalesce(chief.first_name, chief.display_name) AS chief_name
       FROM hubs h
       JOIN accounts p ON p.id = h.partner_id
       LEFT JOIN accounts rep ON rep.id = p.sales_rep_id AND rep.profile = 'sales_rep'
       LEFT JOIN accounts chief ON chief.id = rep.supervisor_id AND chief.profile = 'agency_chief'
      WHERE h.id = $1`,
    [hubId],
  );
  const row = rows[0];
  if (row === undefined) return { hubName: '', to: [] };
  const to: Recipient[] = [{ id: row.partner_id, firstName: (row.partner_name ?? 'partenaire').slice(0, 100) }];
  if (row.chief_id !== null) to.push({ id: row.chief_id, firstName: (row.chief_name ?? 'chef').slice(0, 100) });
  return { hubName: row.hub_name, to };
}

async function notify(
  client: pg.PoolClient,
  context: IncidentContext,
  step: 'opened' | 'cleared',
  incident: { id: string; hubId: string; kind: HubAlertKind; detail: string },
): Promise<void> {
  const { hubName, to } = await recipientsOf(client, incident.hubId);
  for (const recipient of to)
    await context.notifications.emit(
      {
        key: `hub-incident:${incident.id}:${step}`,
        type: step === 'opened' ? 'hub.alert_opened' : 'hub.alert_cleared',
        recipientId: recipient.id,
        data: {
          firstName: recipient.firstName,
          hubName,
          kind: incident.kind,
          detail: incident.detail,
          link: context.link,
        },
      },
      client,
    );
}

/** Opens the incident unless one of this kind is open for the hub; answers whether this call opened it. */
export async function openIncident(
  client: pg.PoolClient,
  context: IncidentContext,
  incident: { hubId: string; kind: HubAlertKind; detail: string; at: Date },
): Promise<boolean> {
  const id = randomUUID();
  const inserted = await client.query(
    `INSERT INTO hub_incidents (id, hub_id, kind, detail, opened_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (hub_id, kind) WHERE closed_at IS NULL DO NOTHING RETURNING id`,
    [id, incident.hubId, incident.kind, incident.detail.slice(0, 300), incident.at],
  );
  if (inserted.rowCount === 0) return false;
  await notify(client, context, 'opened', { ...incident, id, detail: incident.detail.slice(0, 120) });
  return true;
}

/** Closes the open incident of this kind, if any; answers whether this call closed it. */
export async function closeIncident(
  client: pg.PoolClient,
  context: IncidentContext,
  incident: { hubId: string; kind: HubAlertKind; at: Date },
): Promise<boolean> {
  const closed = await client.query<{ id: string; detail: string; opened_at: Date }>(
    `UPDATE hub_incidents SET closed_at = greatest($3::timestamptz, opened_at)
      WHERE hub_id = $1 AND kind = $2 AND closed_at IS NULL RETURNING id, detail, opened_at`,
    [incident.hubId, incident.kind, incident.at],
  );
  const row = closed.rows[0];
  if (row === undefined) return false;
  await notify(client, context, 'cleared', {
    id: row.id,
    hubId: incident.hubId,
    kind: incident.kind,
    detail: row.detail.slice(0, 120),
  });
  return true;
}

/** The kinds open for a hub. */
export async function openKinds(client: pg.PoolClient, hubId: string): Promise<string[]> {
  const { rows } = await client.query<{ kind: string }>(
    'SELECT kind FROM hub_incidents WHERE hub_id = $1 AND closed_at IS NULL ORDER BY kind',
    [hubId],
  );
  return rows.map((r) => r.kind);
}
