/**
 * The reports' shapes as API-issue-27.md states them, written while the cloud's routes are being built; the generated
 * types replace them as the routes land.
 */
export type ReportFormat = 'csv' | 'xlsx' | 'pdf';
export const reportFormats: readonly ReportFormat[] = ['csv', 'xlsx', 'pdf'];

export interface ReportKindView {
  readonly kind: string;
  readonly titleFr: string;
  readonly formats: readonly ReportFormat[];
}

export interface ReportColumn {
  readonly key: string;
  readonly labelFr: string;
  readonly type: 'text' | 'xof' | 'integer' | 'date';
}

export interface ReportPreview {
  readonly columns: readonly ReportColumn[];
  readonly rows: readonly Record<string, string | number | null>[];
  readonly totalRows: number;
  readonly totals: Record<string, number>;
  readonly truncated: boolean;
}

export const frequencies = ['daily', 'weekly', 'monthly'] as const;
export type Frequency = (typeof frequencies)[number];
export type Delivery = 'attachment' | 'link';

export interface NewSchedule {
  readonly kind: string;
  readonly format: ReportFormat;
  readonly frequency: Frequency;
  readonly timeZone: string;
  readonly hour: number;
  readonly weekday?: number;
  readonly monthDay?: number;
  readonly delivery: Delivery;
  readonly module?: string;
}

export interface Schedule {
  readonly id: string;
  readonly kind: string;
  readonly format: ReportFormat;
  readonly frequency: Frequency;
  readonly timeZone: string;
  readonly hour: number;
  readonly weekday: number | null;
  readonly monthDay: number | null;
  readonly delivery: Delivery;
  readonly module: string | null;
  readonly nextRunAt: string | null;
  readonly lastSentAt: string | null;
  readonly lastPeriod: string | { readonly from: string; readonly to: string } | null;
}
