/**
 * /recouvrement/import (lazy): files from a CSV or XLSX. The chosen file is always checked first (a dry run, nothing
 * written) and its bad lines listed (line, column, reason); « Importer » is offered only once a check found none, for
 * that same file. The import itself says how many files it opened and how many existed already.
 */
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { base64Of, runImport } from './data.js';
import { DebtNav } from './Nav.js';
import { problemText } from './problem.js';
import type { ImportAnswer } from './types.js';
import '../../styles/debt-creditor.css';

const maxBytes = 2 * 1_048_576;

export function DebtImport() {
  const { t, i18n } = useTranslation('debt-creditor');
  const [chosen, setChosen] = useState<File | null>(null);
  const [checked, setChecked] = useState<{ file: File; answer: ImportAnswer } | null>(null);
  const [tooBig, setTooBig] = useState(false);
  const send = async (dryRun: boolean) => {
    if (chosen === null) throw new Error('no file');
    const answer = await runImport({ filename: chosen.name, contentBase64: await base64Of(chosen), dryRun });
    if (dryRun) setChecked({ file: chosen, answer });
    return answer;
  };
  const dry = useMutation({ mutationFn: () => send(true) });
  const real = useMutation({ mutationFn: () => send(false) });
  const clean =
    checked !== null && checked.file === chosen && checked.answer.errors.length === 0 && checked.answer.valid > 0;
  const lang = i18n.language;
  return (
    <section aria-labelledby="dc-import-title" className="screen dc">
      <h1 id="dc-import-title">{t('debt-creditor:import.title')}</h1>
      <DebtNav />
      <p>{t('debt-creditor:import.intro')}</p>
      <p className="muted">{t('debt-creditor:import.columns')}</p>
      <label htmlFor="dc-import-file">{t('debt-creditor:import.choose')}</label>
      <input
        id="dc-import-file"
        type="file"
        accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        onChange={(e) => {
          const picked = e.target.files?.[0] ?? null;
          setTooBig(picked !== null && picked.size > maxBytes);
          setChosen(picked !== null && picked.size <= maxBytes ? picked : null);
          dry.reset();
          real.reset();
        }}
      />
      {tooBig ? (
        <p className="error" role="alert">
          {t('debt-creditor:import.tooBig')}
        </p>
      ) : null}
      <p className="dc-actions">
        <button
          type="button"
          className="button dc-secondary"
          disabled={chosen === null || dry.isPending}
          onClick={() => dry.mutate()}
        >
          {t('debt-creditor:import.check')}
        </button>
        <button
          type="button"
          className="button"
          disabled={!clean || real.isPending || real.isSuccess}
          onClick={() => real.mutate()}
        >
          {t('debt-creditor:import.run')}
        </button>
      </p>
      {dry.isError ? (
        <p className="error" role="alert">
          {problemText(t, dry.error, lang)}
        </p>
      ) : null}
      {checked !== null && checked.file === chosen && !real.isSuccess ? (
        <div role="status" data-testid="dry-run">
          <p>{t('debt-creditor:import.checked', { lines: checked.answer.lines, valid: checked.answer.valid })}</p>
          {checked.answer.errors.length === 0 ? (
            <p className="dc-done">{t('debt-creditor:import.clean')}</p>
          ) : (
            <>
              <p className="dc-warning">{t('debt-creditor:import.bad', { count: checked.answer.errors.length })}</p>
              <div className="dc-scroll">
                <table className="dc-table" data-testid="bad-lines">
                  <caption className="visually-hidden">{t('debt-creditor:import.badCaption')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('debt-creditor:import.line')}</th>
                      <th scope="col">{t('debt-creditor:import.field')}</th>
                      <th scope="col">{t('debt-creditor:import.reason')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {checked.answer.errors.map((e, i) => (
                      <tr key={`${e.line}-${e.field}-${i}`}>
                        <td>{e.line}</td>
                        <td>{e.field}</td>
                        <td>{e.message}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
        </div>
      ) : null}
      {real.isError ? (
        <p className="error" role="alert">
          {problemText(t, real.error, lang)}
        </p>
      ) : null}
      {real.data === undefined ? null : (
        <p className="dc-done" role="status" data-testid="imported">
          {t('debt-creditor:import.done', { created: real.data.created, existing: real.data.existing })}
        </p>
      )}
    </section>
  );
}
