/**
 * Reading visits: one as its visitor or its listing's side sees it (the agent, the owner and the owner's staff), and
 * lists of mine as visitor or as agent. Anyone else finds nothing (404), never a refusal that says it exists.
 */
import type pg from 'pg';
import { AppError } from '@ismail/shared';
import type { Visit, VisitStatus } from './visit-schemas.js';

type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

/** Who calls: the signed-in account, and the account it acts for (a partner's staff act for the partner). */
export interface VisitCaller {
  readonly principalId: string;
  readonly ownerId: string;
}

/** Visits per list, latest first: a page of the portal. */
export const visitPageMax = 100;

export interface VisitRow {
  id: string;
  listing_id: string;
  property_id: string;
  listing_title: string;
  commune: string;
  status: VisitStatus;
  starts_at: Date;
  ends_at: Date;
  visitor_id: string;
  visitor_name: string;
  visitor_no_shows: number;
  agent_id: string;
  agent_name: string;
  owner_id: string;
  message: string;
  confirmed_at: Date | null;
  created_at: Date;
}

const columns = `v.id, v.listing_id, v.property_id, p.title AS listing_title, p.commune, v.status, v.starts_at,
  v.ends_at, v.visitor_id,
  coalesce(nullif(concat_ws(' ', va.first_name, left(va.last_name, 1) || '.'), ''), va.display_name) AS visitor_name,
  (SELECT count(*)::int FROM real_estate_visits n WHERE n.visitor_id = v.visitor_id AND n.status = 'no_show')
    AS visitor_no_shows,
  v.agent_id, ag.display_name AS agent_name, l.owner_id, v.message, v.confirmed_at, v.created_at`;
const from = `real_estate_visits v JOIN real_estate_listings l ON l.id = v.listing_id
  JOIN real_estate_properties p ON p.id = v.property_id
  JOIN accounts va ON va.id = v.visitor_id JOIN accounts ag ON ag.id = v.agent_id`;

/** The listing's side: its agent, or the owner (and its staff, who act for it). */
export const isAgentSide = (row: { agent_id: string; owner_id: string }, caller: VisitCaller): boolean =>
  row.agent_id === caller.principalId || row.owner_id === caller.ownerId;

export const isVisitor = (row: { visitor_id: string }, caller: VisitCaller): boolean =>
  row.visitor_id === caller.ownerId;

/** The visit's row if the caller is a side of it; 404 otherwise. `lock` takes the row for an update. */
export async function visitRowFor(q: Queryable, id: string, caller: VisitCaller, lock = false): Promise<VisitRow> {
  const { rows } = await q.query<VisitRow>(
    `SELECT ${columns} FROM ${from} WHERE v.id = $1${lock ? ' FOR UPDATE OF v' : ''}`,
    [id],
  );
  const row = rows[0];
  if (row === undefined || !(isVisitor(row, caller) || isAgentSide(row, caller)))
    throw new AppError('NOT_FOUND', 'Cette visite n’existe pas.');
  return row;
}

export function visitView(r: VisitRow): Visit {
  return {
    id: r.id,
    listingId: r.listing_id,
    listingTitle: r.listing_title,
    commune: r.commune,
    status: r.status,
    startsAt: new Date(r.starts_at).toISOString(),
    endsAt: new Date(r.ends_at).toISOString(),
    visitorId: r.visitor_id,
    visitorName: r.visitor_name,
    visitorNoShows: Number(r.visitor_no_shows),
    agentId: r.agent_id,
    agentName: r.agent_name,
    message: r.message,
    confirmedAt: r.confirmed_at === null ? null : new Date(r.confirmed_at).toISOString(),
    createdAt: new Date(r.created_at).toISOString(),
  };
}

export async function visitFor(q: Queryable, id: string, caller: VisitCaller): Promise<Visit> {
  return visitView(await visitRowFor(q, id, caller));
}

/** My visits as visitor, or as the listing's side (agent, owner, staff), latest first. */
export async function visitsOf(q: Queryable, caller: VisitCaller, role: 'visitor' | 'agent'): Promise<Visit[]> {
  const where = role === 'visitor' ? 'v.visitor_id = $1' : '(v.agent_id = $2 OR l.owner_id = $1)';
  const { rows } = await q.query<VisitRow>(
    `SELECT ${columns} FROM ${from} WHERE ${where} ORDER BY v.starts_at DESC, v.id LIMIT ${String(visitPageMax)}`,
    role === 'visitor' ? [caller.ownerId] : [caller.ownerId, caller.principalId],
  );
  return rows.map(visitView);
}
