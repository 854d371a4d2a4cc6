/**
 * A bank's CSV mapping, asked once per bank: the separator, which column holds the date (and its format), the amount
 * (one signed column, or a debit and a credit column), the reference, the payer's name and the label. The columns
 * are offered from the chosen file's first line.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { problemText } from '../exports/problem.js';
import { mappingsQuery, saveMapping } from './data.js';
import { dateFormats, type BankMapping, type DateFormat } from './types.js';

const delimiters = [';', ',', '\t', '|'] as const;
const columnFields = [
  'amountColumn',
  'debitColumn',
  'creditColumn',
  'referenceColumn',
  'nameColumn',
  'labelColumn',
] as const;
type ColumnField = (typeof columnFields)[number] | 'dateColumn';

export function MappingForm({ bankName, headerLine }: { bankName: string; headerLine: string }) {
  const { t, i18n } = useTranslation(['bank', 'reports']);
  const queryClient = useQueryClient();
  const guessed = delimiters.find((d) => headerLine.includes(d)) ?? ';';
  const [delimiter, setDelimiter] = useState<string>(guessed);
  const [dateFormat, setDateFormat] = useState<DateFormat>('DD/MM/YYYY');
  const [columns, setColumns] = useState<Partial<Record<ColumnField, string>>>({});
  const headers = headerLine
    .split(delimiter)
    .map((h) => h.trim().replace(/^"|"$/g, ''))
    .filter((h) => h !== '');
  const set = (field: ColumnField, value: string) => setColumns((held) => ({ ...held, [field]: value }));
  const hasAmount =
    (columns.amountColumn ?? '') !== '' || ((columns.debitColumn ?? '') !== '' && (columns.creditColumn ?? '') !== '');
  const save = useMutation({
    mutationFn: () => {
      const mapping: BankMapping = { bankName, delimiter, dateColumn: columns.dateColumn ?? '', dateFormat };
      for (const field of columnFields) {
        const value = columns[field];
        if (value !== undefined && value !== '') mapping[field] = value;
      }
      return saveMapping(mapping);
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: mappingsQuery.queryKey }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  const column = (field: ColumnField) => (
    <div key={field}>
      <label htmlFor={`bm-${field}`}>{t(`bank:mapping.fields.${field}`)}</label>
      <select id={`bm-${field}`} value={columns[field] ?? ''} onChange={(e) => set(field, e.target.value)}>
        <option value="">{t('bank:mapping.noColumn')}</option>
        {headers.map((h) => (
          <option key={h} value={h}>
            {h}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <form onSubmit={submit} aria-labelledby="bm-title" className="card">
      <h2 id="bm-title">{t('bank:mapping.title', { bank: bankName })}</h2>
      <p className="rp-muted">{t('bank:mapping.intro')}</p>
      <div className="rp-grid">
        <div>
          <label htmlFor="bm-delimiter">{t('bank:mapping.delimiter')}</label>
          <select id="bm-delimiter" value={delimiter} onChange={(e) => setDelimiter(e.target.value)}>
            {delimiters.map((d) => (
              <option key={d} value={d}>
                {t(`bank:mapping.delimiters.${delimiters.indexOf(d)}`)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="bm-format">{t('bank:mapping.dateFormat')}</label>
          <select id="bm-format" value={dateFormat} onChange={(e) => setDateFormat(e.target.value as DateFormat)}>
            {dateFormats.map((f) => (
              <option key={f} value={f}>
                {f}
              </option>
            ))}
          </select>
        </div>
        {column('dateColumn')}
        {columnFields.map(column)}
      </div>
      {hasAmount ? null : <p className="rp-muted">{t('bank:mapping.amountNeeded')}</p>}
      <button type="submit" className="button" disabled={save.isPending || !hasAmount || !columns.dateColumn}>
        {t('bank:mapping.save')}
      </button>
      {save.isError ? (
        <p className="error" role="alert">
          {problemText(t, save.error, i18n.language)}
        </p>
      ) : null}
    </form>
  );
}
