/**
 * Debt files (issue 26's core, opened early for issue 25): a file is opened once per source (an unpaid rent due, an
 * overdue invoice), whatever jobs race (UNIQUE (source, source_ref)), and a payment of that source is recorded on it,
 * closing it when nothing is left. Both run inside the caller's transaction so the file and the fact that caused it
 * commit together, or neither does.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { AppError, type DebtSource } from '@ismail/shared';

export type { DebtSource, DebtStatus } from '@ismail/shared';

/** OHADA AUDCG art. 16: commercial obligations lapse after five years. */
export const prescriptionYears = 5;

export interface OpenDebtFile {
  /** null: ISMAIL itself (an offline overdraft it lent). */
  readonly creditorId: string | null;
  readonly debtorId: string | null;
  readonly debtorName: string;
  readonly debtorPhone?: string | null | undefined;
  readonly debtorEmail?: string | null | undefined;
  readonly source: DebtSource;
  readonly sourceRef: string;
  readonly label: string;
  readonly principalXof: number;
  readonly feesXof?: number | undefined;
  readonly scenarioId?: string | null | undefined;
  /** The first event's kind: 'import' for a file opened by an import, 'opened' otherwise. */
  readonly eventKind?: 'opened' | 'import' | undefined;
  /** YYYY-MM-DD */
  readonly dueOn: string;
  /** Who opened it: "job:rent-late", an account id. */
  readonly actor: string;
}

export const prescriptionOn = (dueOn: string): string => {
  const [y, rest] = [Number(dueOn.slice(0, 4)), dueOn.slice(4)];
  // 29 February + 5 years is 28 February (or 1 March): the earlier day keeps the warning on the safe side.
  const day = `${String(y + prescriptionYears)}${rest}`;
  return Number.isNaN(Date.parse(`${day}T00:00:00Z`)) ? `${String(y + prescriptionYears)}-02-28` : day;
};

/** The file of this source, opened now if there was none: `created` says which. */
export async function openDebtFile(
  client: pg.PoolClient,
  input: OpenDebtFile,
): Promise<{ id: string; created: boolean }> {
  if (!Number.isSafeInteger(input.principalXof) || input.principalXof <= 0)
    throw new AppError('VALIDATION_FAILED', 'Le montant d’un dossier doit être un entier positif en FCFA.');
  const feesXof = input.feesXof ?? 0;
  if (!Number.isSafeInteger(feesXof) || feesXof < 0)
    throw new AppError('VALIDATION_FAILED', 'Les frais d’un dossier sont un entier positif ou nul en FCFA.');
  const id = randomUUID();
  const inserted = await client.query<{ id: string }>(
    `INSERT INTO collection_files (id, creditor_id, debtor_id, debtor_name, debtor_phone, debtor_email, source, source_ref,
       label, principal_xof, due_on, status, prescription_on, fees_xof, scenario_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'open', $12, $13, $14)
     ON CONFLICT (source, source_ref) DO NOTHING RETURNING id`,
    [
      id,
      input.creditorId,
      input.debtorId,
      input.debtorName.slice(0, 160),
      input.debtorPhone ?? null,
      input.debtorEmail ?? null,
      input.source,
      input.sourceRef,
      input.label.slice(0, 200),
      input.principalXof,
      input.dueOn,
      prescriptionOn(input.dueOn),
      feesXof,
      input.scenarioId ?? null,
    ],
  );
  if (inserted.rows[0] !== undefined) {
    await client.query(
      'INSERT INTO collection_file_events (file_id, kind, amount_xof, detail, actor) VALUES ($1, $2, $3, $4, $5)',
      [
        id,
        input.eventKind ?? 'opened',
        input.principalXof,
        { source: input.source, sourceRef: input.sourceRef },
        input.actor,
      ],
    );
    return { id, created: true };
  }
  const { rows } = await client.query<{ id: string }>(
    'SELECT id FROM collection_files WHERE source = $1 AND source_ref = $2',
    [input.source, input.sourceRef],
  );
  if (rows[0] === undefined) throw new Error('debt file vanished between insert and read');
  return { id: rows[0].id, created: false };
}
