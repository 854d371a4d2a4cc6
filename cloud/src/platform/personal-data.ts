/**
 * The personal-data registry's contract (issue 27, SPEC 3.15, law 2013-450 and GDPR): every module declares, in its own
 * `personal-data.ts`, each table holding data about a person, why, on what legal basis, how long, and what erasure
 * does to it. The privacy module's tools (data export, erasure, retention, the ARTCI register of processing
 * activities) read these declarations; none of them names a table itself.
 */

export type LegalBasis = 'contract' | 'legal_obligation' | 'consent' | 'legitimate_interest' | 'vital_interest';

/** What erasure does to one column: removed (NULL), replaced by the person's pseudonym, or kept (the law says so). */
export type ColumnErasure = 'null' | 'pseudonym' | 'redact' | 'keep';

export interface PersonalDataTable {
  /** The module that owns the table (its folder name: 'identity', 'shop', …). */
  readonly module: string;
  readonly table: string;
  /**
   * How a row belongs to a person: the column holding their account id. When a table reaches the person through
   * another one, `subjectSql` is a WHERE clause with `$1` the account id (for example
   * `order_id IN (SELECT id FROM shop_orders WHERE buyer_account_id = $1)`).
   */
  readonly subjectColumn?: string;
  readonly subjectSql?: string;
  /** Processing purpose, in French, as the ARTCI register shows it. */
  readonly purposeFr: string;
  readonly legalBasis: LegalBasis;
  /** How long it is kept, in French (« 10 ans après l'émission (Code général des impôts) »). */
  readonly retentionFr: string;
  /**
   * Erasure: 'delete' the rows, 'pseudonymise' the listed columns and keep the rows (invoices, ledger, open debts),
   * or 'keep' them untouched because the law requires it (the row stays and the reason is shown to the person).
   */
  readonly onErasure: 'delete' | 'pseudonymise' | 'keep';
  /** Personal columns and what erasure does to each (only read when onErasure is 'pseudonymise'). */
  readonly columns: Readonly<Record<string, ColumnErasure>>;
  /** Why rows are kept or pseudonymised rather than deleted (French), when they are. */
  readonly keptBecauseFr?: string;
}
