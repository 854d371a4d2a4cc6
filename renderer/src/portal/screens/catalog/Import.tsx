/**
 * Importing a catalog file: choose a CSV or XLSX file → the dry run's table of every bad row (line, column, what is
 * wrong) and how many rows are valid → confirm to write them. The cloud writes a file once: sending the same file
 * again shows the first import's result and changes nothing (lazy-loaded route).
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.js';
import { fileBase64, sendImport, type FileFormat, type ImportAnswer } from './data.js';
import '../../styles/catalog.css';

/** The bound the cloud applies (catalogFileMaxBytes), checked here first to spare a slow upload. */
const fileMaxBytes = 1_048_576;

interface Chosen {
  readonly name: string;
  readonly format: FileFormat;
  readonly base64: string;
}

function Problems({ answer }: { answer: ImportAnswer }) {
  const { t } = useTranslation('catalog');
  if (answer.problems.length === 0) return <p>{t('catalog:import.noProblem')}</p>;
  return (
    <div className="catalog-table-wrap">
      <table className="catalog-table" data-testid="import-problems">
        <caption>{t('catalog:import.problemsCaption', { count: answer.problemCount })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('catalog:import.line')}</th>
            <th scope="col">{t('catalog:import.column')}</th>
            <th scope="col">{t('catalog:import.problem')}</th>
          </tr>
        </thead>
        <tbody>
          {answer.problems.map((p) => (
            <tr key={`${String(p.line)}:${p.column}`}>
              <td>{p.line}</td>
              <td>{p.column}</td>
              <td>{p.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Result({ answer }: { answer: ImportAnswer }) {
  const { t } = useTranslation('catalog');
  const r = answer.result;
  if (r === undefined) return null;
  return (
    <div className="card" role="status" data-testid="import-result">
      <h2>{answer.replayed === true ? t('catalog:import.replayedTitle') : t('catalog:import.doneTitle')}</h2>
      {answer.replayed === true && <p>{t('catalog:import.replayed')}</p>}
      <ul className="catalog-counts">
        <li>{t('catalog:import.created', { count: r.created })}</li>
        <li>{t('catalog:import.updated', { count: r.updated })}</li>
        <li>{t('catalog:import.unchanged', { count: r.unchanged })}</li>
        <li>{t('catalog:import.skipped', { count: r.skipped })}</li>
      </ul>
      <Link to="/catalog" className="button">
        {t('catalog:import.toCatalog')}
      </Link>
    </div>
  );
}

export function CatalogImport() {
  const { t } = useTranslation('catalog');
  const queryClient = useQueryClient();
  const [chosen, setChosen] = useState<Chosen | null>(null);
  const [fileProblem, setFileProblem] = useState<string | null>(null);
  const check = useMutation({ mutationFn: (c: Chosen) => sendImport(c.format, c.base64, true) });
  const write = useMutation({
    mutationFn: (c: Chosen) => sendImport(c.format, c.base64, false),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['catalog'] }),
  });

  async function choose(event: ChangeEvent<HTMLInputElement>): Promise<void> {
    const file = event.target.files?.[0];
    setChosen(null);
    setFileProblem(null);
    check.reset();
    write.reset();
    if (file === undefined) return;
    const format = /\.xlsx$/i.test(file.name) ? 'xlsx' : /\.(csv|txt)$/i.test(file.name) ? 'csv' : null;
    if (format === null) return setFileProblem(t('catalog:import.wrongType'));
    if (file.size > fileMaxBytes) return setFileProblem(t('catalog:import.tooBig'));
    const next = { name: file.name, format, base64: await fileBase64(file) } as const;
    setChosen(next);
    check.mutate(next);
  }
  const failed = (error: unknown) =>
    error instanceof ApiError && error.status === 413 ? t('catalog:import.tooBig') : t('catalog:import.failed');

  return (
    <section aria-labelledby="import-title" className="screen catalog">
      <h1 id="import-title">{t('catalog:import.title')}</h1>
      <p className="muted">{t('catalog:import.explain')}</p>
      <p className="muted catalog-columns">{t('catalog:import.columns')}</p>
      <div className="form">
        <label htmlFor="import-file">{t('catalog:import.choose')}</label>
        <input id="import-file" type="file" accept=".csv,.xlsx,text/csv" onChange={(e) => void choose(e)} />
      </div>
      {fileProblem !== null && (
        <p className="error" role="alert">
          {fileProblem}
        </p>
      )}
      {check.isPending && <p role="status">{t('catalog:import.checking')}</p>}
      {check.isError && (
        <p className="error" role="alert">
          {failed(check.error)}
        </p>
      )}
      {check.data !== undefined && chosen !== null && write.data === undefined && (
        <div className="card" data-testid="import-dry-run">
          <h2>{t('catalog:import.dryRunTitle', { name: chosen.name })}</h2>
          <p data-testid="import-summary">
            {t('catalog:import.summary', { lines: check.data.lines, valid: check.data.valid })}
          </p>
          <Problems answer={check.data} />
          {check.data.valid > 0 && (
            <button
              type="button"
              className="button"
              disabled={write.isPending}
              aria-busy={write.isPending}
              onClick={() => {
                if (!write.isPending) write.mutate(chosen);
              }}
            >
              {write.isPending ? t('catalog:import.writing') : t('catalog:import.confirm', { count: check.data.valid })}
            </button>
          )}
          {write.isError && (
            <p className="error" role="alert">
              {failed(write.error)}
            </p>
          )}
        </div>
      )}
      {write.data !== undefined && <Result answer={write.data} />}
    </section>
  );
}
