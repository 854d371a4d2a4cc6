/**
 * A statement's import: camt.053 XML, or a CSV read with its bank's saved mapping. The file is read as text in the
 * browser (the route takes text, at most 5 MB). A CSV from a bank with no mapping yet asks for one first, its column
 * names offered from the file's first line.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { problemText } from '../exports/problem.js';
import { importStatement, mappingsQuery, statementsQuery } from './data.js';
import { MappingForm } from './MappingForm.js';

const maxBytes = 5 * 1024 * 1024;

export function ImportForm() {
  const { t, i18n } = useTranslation(['bank', 'reports']);
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const mappings = useQuery(mappingsQuery);
  const [format, setFormat] = useState<'camt053' | 'csv'>('camt053');
  const [bankName, setBankName] = useState('');
  const [file, setFile] = useState<{ name: string; content: string } | null>(null);
  const [tooBig, setTooBig] = useState(false);
  const known = mappings.data?.mappings ?? [];
  const hasMapping = known.some((m) => m.bankName === bankName.trim());
  const needsMapping = format === 'csv' && bankName.trim() !== '' && mappings.data !== undefined && !hasMapping;
  const send = useMutation({
    mutationFn: () =>
      importStatement({
        format,
        fileName: file?.name ?? '',
        content: file?.content ?? '',
        ...(format === 'csv' ? { bankName: bankName.trim() } : {}),
      }),
    onSuccess: async ({ statement }) => {
      await queryClient.invalidateQueries({ queryKey: statementsQuery.queryKey });
      await navigate({ to: '/rapprochement/$statementId', params: { statementId: statement.id } });
    },
  });
  const choose = async (chosen: File | undefined) => {
    setFile(null);
    setTooBig(false);
    if (chosen === undefined) return;
    if (chosen.size > maxBytes) {
      setTooBig(true);
      return;
    }
    // The cloud takes line feeds only: a Windows file's CR LF is turned into LF here.
    setFile({ name: chosen.name, content: (await chosen.text()).replace(/\r\n?/g, '\n') });
    if (/\.xml$/i.test(chosen.name)) setFormat('camt053');
    else if (/\.csv$/i.test(chosen.name)) setFormat('csv');
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    send.mutate();
  };
  const firstLine = file?.content.split(/\r?\n/, 1)[0] ?? '';
  return (
    <>
      <form onSubmit={submit} aria-labelledby="bk-import">
        <h2 id="bk-import">{t('bank:import.title')}</h2>
        <label htmlFor="bk-file">{t('bank:import.file')}</label>
        <input
          id="bk-file"
          type="file"
          accept=".xml,.csv,text/xml,application/xml,text/csv"
          onChange={(e) => void choose(e.target.files?.[0])}
        />
        {tooBig ? (
          <p className="error" role="alert">
            {t('bank:import.tooBig')}
          </p>
        ) : null}
        <fieldset>
          <legend>{t('bank:import.format')}</legend>
          {(['camt053', 'csv'] as const).map((f) => (
            <label key={f} className="rp-choice">
              <input type="radio" name="bk-format" value={f} checked={format === f} onChange={() => setFormat(f)} />
              {t(`bank:import.formats.${f}`)}
            </label>
          ))}
        </fieldset>
        {format === 'csv' ? (
          <>
            <label htmlFor="bk-bank">{t('bank:import.bank')}</label>
            <input
              id="bk-bank"
              list="bk-banks"
              value={bankName}
              autoComplete="off"
              onChange={(e) => setBankName(e.target.value)}
            />
            <datalist id="bk-banks">
              {known.map((m) => (
                <option key={m.bankName} value={m.bankName} />
              ))}
            </datalist>
            {hasMapping ? <p className="jp-done">{t('bank:import.mappingKnown')}</p> : null}
          </>
        ) : null}
        <button
          type="submit"
          className="button"
          disabled={file === null || send.isPending || (format === 'csv' && (bankName.trim() === '' || needsMapping))}
        >
          {send.isPending ? t('bank:import.sending') : t('bank:import.send')}
        </button>
        {needsMapping ? <p className="rp-muted">{t('bank:import.mappingFirst')}</p> : null}
        {send.isError ? (
          <p className="error" role="alert">
            {problemText(t, send.error, i18n.language)}
          </p>
        ) : null}
      </form>
      {needsMapping ? <MappingForm bankName={bankName.trim()} headerLine={firstLine} /> : null}
    </>
  );
}
