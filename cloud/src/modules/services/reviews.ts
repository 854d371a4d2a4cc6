/**
 * Reviews of completed appointments (issue 24 item 7): one per appointment by its client, within `reviewWindowDays` of
 * completion, stars and French text; the provider answers once, publicly; anyone signed in reports an abusive review
 * once, and an admin hides it or keeps it (audited). Owns the provider's rating sum and count: they move in the same
 * transaction as the review they count, and never count a hidden review.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { AppError, reviewWindowDays } from '@ismail/shared';
import { appendAudit } from '../../platform/audit/audit-log.js';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';

const dayMs = 86_400_000;
/** The admin queue of reports is read a page at a time, oldest first (the longest-waiting is decided first). */
export const reportPageMax = 100;

export interface Review {
  readonly id: string;
  readonly appointmentId: string;
  readonly providerId: string;
  readonly stars: number;
  readonly body: string;
  /** First name and initial: a review is public. */
  readonly clientName: string;
  readonly createdAt: string;
  readonly answer: string | null;
  readonly answeredAt: string | null;
}

interface ReviewRow {
  id: string;
  appointment_id: string;
  provider_id: string;
  client_id: string;
  stars: number;
  body: string;
  answer: string | null;
  answered_at: Date | null;
  hidden: boolean;
  created_at: Date;
  first_name: string | null;
  last_name: string | null;
  display_name: string;
}

const reviewColumns = `r.id, r.appointment_id, r.provider_id, r.client_id, r.stars, r.body, r.answer, r.answered_at,
  r.hidden, r.created_at, a.first_name, a.last_name, a.display_name`;

export const publicName = (first: string | null, last: string | null, display: string): string =>
  first ? `${first}${last ? ` ${last.charAt(0)}.` : ''}` : display;

const toReview = (row: ReviewRow): Review => ({
  id: row.id,
  appointmentId: row.appointment_id,
  providerId: row.provider_id,
  stars: row.stars,
  body: row.body,
  clientName: publicName(row.first_name, row.last_name, row.display_name),
  createdAt: row.created_at.toISOString(),
  answer: row.answer,
  answeredAt: row.answered_at?.toISOString() ?? null,
});

async function reviewRow(client: pg.PoolClient, reviewId: string, lock: boolean): Promise<ReviewRow | undefined> {
  const { rows } = await client.query<ReviewRow>(
    `SELECT ${reviewColumns} FROM service_reviews r JOIN accounts a ON a.id = r.client_id WHERE r.id = $1
     ${lock ? 'FOR UPDATE OF r' : ''}`,
    [reviewId],
  );
  return rows[0];
}

/** The appointment's client reviews it once it is completed, within the window; the rating moves with it. */
export async function createReview(
  db: Database,
  clientId: string,
  appointmentId: string,
  input: { readonly stars: number; readonly body: string },
  now: Date = new Date(),
): Promise<Review> {
  return withTransaction(db.pool, async (client) => {
    const { rows } = await client.query<{
      client_id: string;
      provider_id: string;
      status: string;
      completed_at: Date | null;
    }>('SELECT client_id, provider_id, status, completed_at FROM service_appointments WHERE id = $1 FOR UPDATE', [
      appointmentId,
    ]);
    const appointment = rows[0];
    // Someone else's appointment is not found: no hint of who booked whom.
    if (appointment === undefined || appointment.client_id !== clientId)
      throw new AppError('NOT_FOUND', 'Rendez-vous introuvable.');
    if (appointment.status !== 'completed' || appointment.completed_at === null)
      throw new AppError('CONFLICT', 'Vous pourrez donner votre avis une fois la prestation terminée et payée.');
    if (now.getTime() > appointment.completed_at.getTime() + reviewWindowDays * dayMs)
      throw new AppError(
        'CONFLICT',
        `Le délai pour donner votre avis est passé (${String(reviewWindowDays)} jours après la prestation).`,
      );
    const id = randomUUID();
    const inserted = await client.query(
      `INSERT INTO service_reviews (id, appointment_id, provider_id, client_id, stars, body, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (appointment_id) DO NOTHING`,
      [id, appointmentId, appointment.provider_id, clientId, input.stars, input.body, now],
    );
    if (inserted.rowCount === 0) throw new AppError('CONFLICT', 'Vous avez déjà donné votre avis sur ce rendez-vous.');
    await client.query(
      'UPDATE service_providers SET rating_sum = rating_sum + $2, rating_count = rating_count + 1 WHERE account_id = $1',
      [appointment.provider_id, input.stars],
    );
    const row = await reviewRow(client, id, false);
    if (row === undefined) throw new Error('review insert not readable');
    return toReview(row);
  });
}

/** The provider answers a review of its work once, publicly. */
export async function answerReview(
  db: Database,
  providerId: string,
  reviewId: string,
  answer: string,
  now: Date = new Date(),
): Promise<Review> {
  return withTransaction(db.pool, async (client) => {
    const row = await reviewRow(client, reviewId, true);
    if (row === undefined || row.hidden) throw new AppError('NOT_FOUND', 'Avis introuvable.');
    if (row.provider_id !== providerId)
      throw new AppError('FORBIDDEN', 'Seul le prestataire concerné peut répondre à cet avis.');
    if (row.answer !== null) throw new AppError('CONFLICT', 'Vous avez déjà répondu à cet avis.');
    await client.query('UPDATE service_reviews SET answer = $2, answered_at = $3 WHERE id = $1', [
      reviewId,
      answer,
      now,
    ]);
    return toReview({ ...row, answer, answered_at: now });
  });
}

export interface ReviewReport {
  readonly id: string;
  readonly reviewId: string;
  readonly reason: string;
  readonly status: 'open' | 'kept' | 'hidden';
  readonly createdAt: string;
  readonly decidedAt: string | null;
}

interface ReportRow {
  id: string;
  review_id: string;
  reason: string;
  status: 'open' | 'kept' | 'hidden';
  created_at: Date;
  decided_at: Date | null;
}

const toReport = (row: ReportRow): ReviewReport => ({
  id: row.id,
  reviewId: row.review_id,
  reason: row.reason,
  status: row.status,
  createdAt: row.created_at.toISOString(),
  decidedAt: row.decided_at?.toISOString() ?? null,
});

/** Anyone signed in reports a visible review as abusive, once. */
export async function reportReview(
  db: Database,
  reporterId: string,
  reviewId: string,
  reason: string,
): Promise<ReviewReport> {
  return withTransaction(db.pool, async (client) => {
    const review = await reviewRow(client, reviewId, false);
    if (review === undefined || review.hidden) throw new AppError('NOT_FOUND', 'Avis introuvable.');
    const { rows } = await client.query<ReportRow>(
      `INSERT INTO service_review_reports (id, review_id, reporter_id, reason) VALUES ($1, $2, $3, $4)
       ON CONFLICT (review_id, reporter_id) DO NOTHING RETURNING id, review_id, reason, status, created_at, decided_at`,
      [randomUUID(), reviewId, reporterId, reason],
    );
    const row = rows[0];
    if (row === undefined) throw new AppError('CONFLICT', 'Vous avez déjà signalé cet avis.');
    return toReport(row);
  });
}

export interface OpenReport extends ReviewReport {
  readonly reporterName: string;
  readonly review: Review & { readonly providerName: string };
}

/** The open reports, oldest first, each with the review it is about. */
export async function openReports(db: Database, limit: number): Promise<OpenReport[]> {
  const { rows } = await db.pool.query<
    ReportRow & { reporter_name: string; provider_name: string } & { [K in keyof ReviewRow as `r_${K}`]: ReviewRow[K] }
  >(
    `SELECT p.id, p.review_id, p.reason, p.status, p.created_at, p.decided_at, rep.display_name AS reporter_name,
       sp.display_name AS provider_name, r.id AS r_id, r.appointment_id AS r_appointment_id,
       r.provider_id AS r_provider_id, r.client_id AS r_client_id, r.stars AS r_stars, r.body AS r_body,
       r.answer AS r_answer, r.answered_at AS r_answered_at, r.hidden AS r_hidden, r.created_at AS r_created_at,
       a.first_name AS r_first_name, a.last_name AS r_last_name, a.display_name AS r_display_name
     FROM service_review_reports p
     JOIN service_reviews r ON r.id = p.review_id
     JOIN accounts a ON a.id = r.client_id
     JOIN accounts rep ON rep.id = p.reporter_id
     JOIN service_providers sp ON sp.account_id = r.provider_id
     WHERE p.status = 'open' ORDER BY p.created_at, p.id LIMIT $1`,
    [Math.min(limit, reportPageMax)],
  );
  return rows.map((row) => ({
    ...toReport(row),
    reporterName: row.reporter_name,
    review: {
      ...toReview({
        id: row.r_id,
        appointment_id: row.r_appointment_id,
        provider_id: row.r_provider_id,
        client_id: row.r_client_id,
        stars: row.r_stars,
        body: row.r_body,
        answer: row.r_answer,
        answered_at: row.r_answered_at,
        hidden: row.r_hidden,
        created_at: row.r_created_at,
        first_name: row.r_first_name,
        last_name: row.r_last_name,
        display_name: row.r_display_name,
      }),
      providerName: row.provider_name,
    },
  }));
}

/**
 * An admin decides a report: hide the review (out of the provider's rating and its profile; every open report on it
 * is settled with it) or keep it. Audited in the same transaction.
 */
export async function decideReport(
  db: Database,
  admin: { readonly accountId: string; readonly label: string },
  reportId: string,
  hide: boolean,
  now: Date = new Date(),
): Promise<ReviewReport> {
  return withTransaction(db.pool, async (client) => {
    const { rows } = await client.query<ReportRow>(
      'SELECT id, review_id, reason, status, created_at, decided_at FROM service_review_reports WHERE id = $1 FOR UPDATE',
      [reportId],
    );
    const report = rows[0];
    if (report === undefined) throw new AppError('NOT_FOUND', 'Signalement introuvable.');
    if (report.status !== 'open') throw new AppError('CONFLICT', 'Ce signalement a déjà été traité.');
    if (hide) {
      // Only the first hiding subtracts: a review hidden already is out of the rating.
      const hidden = await client.query<{ provider_id: string; stars: number }>(
        'UPDATE service_reviews SET hidden = true WHERE id = $1 AND NOT hidden RETURNING provider_id, stars',
        [report.review_id],
      );
      const review = hidden.rows[0];
      if (review !== undefined)
        await client.query(
          `UPDATE service_providers SET rating_sum = rating_sum - $2, rating_count = rating_count - 1
           WHERE account_id = $1`,
          [review.provider_id, review.stars],
        );
      await client.query(
        `UPDATE service_review_reports SET status = 'hidden', decided_by = $2, decided_at = $3
         WHERE review_id = $1 AND status = 'open'`,
        [report.review_id, admin.accountId, now],
      );
    } else {
      await client.query(
        "UPDATE service_review_reports SET status = 'kept', decided_by = $2, decided_at = $3 WHERE id = $1",
        [reportId, admin.accountId, now],
      );
    }
    await appendAudit(client, {
      actor: admin,
      action: hide ? 'services.review.hidden' : 'services.review.kept',
      subject: { type: 'service_review', id: report.review_id },
      place: 'cloud',
      detail: { reportId, reason: report.reason },
    });
    return toReport({ ...report, status: hide ? 'hidden' : 'kept', decided_at: now });
  });
}
