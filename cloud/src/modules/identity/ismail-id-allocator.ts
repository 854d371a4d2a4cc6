/**
 * Allocates ISMAIL IDs (SPEC 3.2) inside the caller's transaction. Uniqueness is the
 * database's job (primary key on series + index); this code only picks candidates.
 *
 * Random first (a CSPRNG index, at most `randomAttempts` tries, which almost always
 * succeeds while a series is less than ~90% full), then a scan from a random start for the
 * first free index, so the very last ID of a series is still found. A full series
 * (1,048,576 IDs for one country, day and user type) is refused with a clear code.
 */
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import {
  AppError,
  formatIsmailId,
  indexFromRandomBytes,
  ismailIdCapacityPerDay,
  ismailIdDate,
  ismailIdRandomBytes,
  ismailIdSeries,
  randomPartFromIndex,
  userTypeForProfile,
  type ProfileKey,
} from '@ismail/shared';

/** With a series 90% full, 8 random tries all collide with probability 0.9^8 ≈ 43%; the scan covers it. */
const randomAttempts = 8;

export interface AllocationRequest {
  readonly accountId: string;
  readonly country: string;
  readonly timeZone: string;
  readonly profile: ProfileKey;
  readonly at: Date;
}

async function tryIndex(
  client: pg.PoolClient,
  series: string,
  index: number,
  id: string,
  accountId: string,
): Promise<boolean> {
  const result = await client.query(
    'INSERT INTO ismail_id_allocations (series, idx, ismail_id, account_id) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
    [series, index, id, accountId],
  );
  return result.rowCount === 1;
}

export async function allocateIsmailId(client: pg.PoolClient, request: AllocationRequest): Promise<string> {
  const base = {
    country: request.country,
    date: ismailIdDate(request.at, request.timeZone),
    userType: userTypeForProfile(request.profile),
  };
  const series = ismailIdSeries(base);
  const idAt = (index: number): string => formatIsmailId({ ...base, random: randomPartFromIndex(index) });

  for (let attempt = 0; attempt < randomAttempts; attempt++) {
    const index = indexFromRandomBytes(randomBytes(ismailIdRandomBytes));
    if (await tryIndex(client, series, index, idAt(index), request.accountId)) return idAt(index);
  }
  // Crowded series: find a free index, starting at a random point so IDs stay unpredictable.
  const start = indexFromRandomBytes(randomBytes(ismailIdRandomBytes));
  for (;;) {
    const { rows } = await client.query<{ idx: number }>(
      `SELECT c.idx FROM (SELECT (g + $2::int) % $3::int AS idx FROM generate_series(0, $3::int - 1) AS g) AS c
       WHERE NOT EXISTS (SELECT 1 FROM ismail_id_allocations a WHERE a.series = $1 AND a.idx = c.idx)
       LIMIT 1`,
      [series, start, ismailIdCapacityPerDay],
    );
    const free = rows[0]?.idx;
    if (free === undefined) throw new AppError('ISMAIL_ID_CAPACITY_EXHAUSTED');
    // A concurrent allocation may take it between the scan and the insert: look again.
    if (await tryIndex(client, series, free, idAt(free), request.accountId)) return idAt(free);
  }
}
