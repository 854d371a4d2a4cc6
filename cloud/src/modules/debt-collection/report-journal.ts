/**
 * The creditor's collection journal for a period, SYSCOHADA style (issue 26): one piece per movement, each piece
 * balanced, so the whole export balances. A file opened debits the receivable and credits the revenue (and the fees
 * account for its recovery fees); a payment debits cash, the wallet or the bank by its method and credits the
 * receivable; a write-off debits the loss on what was left and credits the receivable. Whole FCFA only. Bounded: at
 * most 50 000 lines, else a 400 asking for a shorter period (read with a LIMIT, never the whole history).
 */
import { AppError, displayText } from '@ismail/shared';
import type { Database } from '../../platform/db/database.js';
import { neutraliseFormula } from '../invoicing/render/csv.js';
import type { ReportPeriod } from './report-dashboard.js';
import { accountingSettingsOf, type AccountingSettings } from './report-settings.js';

/** An export a spreadsheet opens whole on a modest laptop; a year of a large creditor fits. */
export const journalLinesMax = 50_000;
/** Every movement makes at least two lines: this many movements are enough to know the export is too long. */
const movementsRead = journalLinesMax / 2 + 1;

export const journalColumns = ['Journal', 'Date', 'Pièce', 'Compte', 'Libellé', 'Débit', 'Crédit'] as const;

export interface JournalLine {
  readonly journal: string;
  /** dd/mm/yyyy: French Excel reads it as a date (ISO text stays text), as the invoices' CSV. */
  readonly date: string;
  readonly piece: string;
  readonly account: string;
  readonly label: string;
  readonly debitXof: number;
  readonly creditXof: number;
}

interface MovementRow {
  kind: 'opened' | 'payment' | 'written_off';
  day: string;
  piece: string;
  amount_xof: string;
  fees_xof: string;
  method: string | null;
  label: string;
  debtor_name: string;
}

const movements = `
  SELECT 'opened' AS kind, f.opened_at AS at, to_char(f.opened_at AT TIME ZONE 'UTC', 'DD/MM/YYYY') AS day,
         f.id::text AS piece, f.principal_xof::text AS amount_xof, f.fees_xof::text AS fees_xof, NULL AS method,
         f.label, f.debtor_name
    FROM collection_files f WHERE f.creditor_id = $1 AND f.opened_at >= $2 AND f.opened_at < $3
  UNION ALL
  SELECT 'payment', e.at, to_char(e.at AT TIME ZONE 'UTC', 'DD/MM/YYYY'),
         coalesce(e.detail->>'paymentId', 'EVT-' || e.id::text), e.amount_xof::text, '0', e.detail->>'method',
         f.label, f.debtor_name
    FROM collection_file_events e JOIN collection_files f ON f.id = e.file_id
   WHERE f.creditor_id = $1 AND e.kind = 'payment' AND e.at >= $2 AND e.at < $3
  UNION ALL
  SELECT 'written_off', f.closed_at, to_char(f.closed_at AT TIME ZONE 'UTC', 'DD/MM/YYYY'), f.id::text,
         (f.principal_xof + f.fees_xof - f.paid_xof)::text, '0', NULL, f.label, f.debtor_name
    FROM collection_files f
   WHERE f.creditor_id = $1 AND f.status = 'written_off' AND f.closed_at >= $2 AND f.closed_at < $3
     AND f.principal_xof + f.fees_xof > f.paid_xof
  ORDER BY at, kind, piece LIMIT $4`;

/** Where a payment's money landed, by its method: cash in the till, the ISMAIL wallet, else the bank. */
function paymentAccount(method: string | null, s: AccountingSettings): { account: string; how: string } {
  switch (method) {
    case 'cash':
      return { account: s.cashAccount, how: 'espèces' };
    case 'bank':
      return { account: s.bankAccount, how: 'virement' };
    case 'mobile_money':
      return { account: s.bankAccount, how: 'mobile money' };
    case 'overdraft_reconciliation':
      return { account: s.walletAccount, how: 'régularisation de découvert' };
    case null:
    default:
      // 'wallet', and a payment that names no method: every such payment so far went through the wallet.
      return { account: s.walletAccount, how: 'portefeuille ISMAIL' };
  }
}

const text = (value: string): string => neutraliseFormula(displayText(value)).slice(0, 200);

function linesOf(m: MovementRow, s: AccountingSettings): JournalLine[] {
  const amount = Number(m.amount_xof);
  const line = (account: string, label: string, debitXof: number, creditXof: number): JournalLine => ({
    journal: s.journalCode,
    date: m.day,
    piece: m.piece,
    account,
    label: text(label),
    debitXof,
    creditXof,
  });
  const about = `${m.label} – ${m.debtor_name}`;
  switch (m.kind) {
    case 'opened': {
      const fees = Number(m.fees_xof);
      const opened = [
        line(s.receivableAccount, `Créance ${about}`, amount + fees, 0),
        line(s.revenueAccount, `Créance ${about}`, 0, amount),
      ];
      if (fees > 0) opened.push(line(s.feesAccount, `Frais de recouvrement ${about}`, 0, fees));
      return opened;
    }
    case 'payment': {
      const { account, how } = paymentAccount(m.method, s);
      return [
        line(account, `Règlement (${how}) ${about}`, amount, 0),
        line(s.receivableAccount, `Règlement (${how}) ${about}`, 0, amount),
      ];
    }
    case 'written_off':
      return [
        line(s.lossAccount, `Créance irrécouvrable ${about}`, amount, 0),
        line(s.receivableAccount, `Créance irrécouvrable ${about}`, 0, amount),
      ];
  }
}

export async function collectionJournal(
  db: Database,
  creditorId: string,
  period: ReportPeriod,
): Promise<JournalLine[]> {
  const settings = await accountingSettingsOf(db, creditorId);
  const { rows } = await db.pool.query<MovementRow>(movements, [creditorId, period.start, period.end, movementsRead]);
  const lines = rows.flatMap((m) => linesOf(m, settings));
  if (lines.length > journalLinesMax)
    throw new AppError(
      'VALIDATION_FAILED',
      `L’export dépasse ${journalLinesMax.toLocaleString('fr-FR')} lignes : choisissez une période plus courte.`,
    );
  return lines;
}

/** A line as the cells of the export, in `journalColumns` order. */
export const journalCells = (l: JournalLine): (string | number)[] => [
  l.journal,
  l.date,
  l.piece,
  l.account,
  l.label,
  l.debitXof,
  l.creditXof,
];

const csvCell = (value: string | number): string => {
  const t = String(value);
  return /[";\n\r]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
};

/** UTF-8 with a BOM (Excel reads the accents), semicolons (French Excel), CRLF; amounts as plain integers. */
export function journalCsv(lines: readonly JournalLine[]): Buffer {
  const rows = [journalColumns as readonly (string | number)[], ...lines.map(journalCells)];
  return Buffer.from(`\uFEFF${rows.map((r) => r.map(csvCell).join(';')).join('\r\n')}\r\n`, 'utf8');
}
