/**
 * The ID desk (issue 23): scan a printed card or a dynamic QR with the camera, or type an ISMAIL ID (look-alike
 * characters normalised); the verdict shows big with its reason, the holder's photo, role and status; the desk's log
 * below. Agency chiefs and admins only (the cloud refuses others: said plainly).
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { classifyDeskInput, formatIsmailIdAsTyped } from '@ismail/shared/ismail-id-input';
import { ApiError } from '../../api/client.js';
import { Camera } from './Camera.js';
import { checkIsmailId, checkToken, type DeskCheck } from './data.js';
import { DeskLog } from './DeskLog.js';
import { Verdict } from './Verdict.js';
import '../../styles/desk.css';

export function Desk() {
  const { t } = useTranslation('desk');
  const queryClient = useQueryClient();
  const [typed, setTyped] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const check = useMutation({
    mutationFn: (input: { token: string } | { ismailId: string }): Promise<DeskCheck> =>
      'token' in input ? checkToken(input.token) : checkIsmailId(input.ismailId),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: ['desk', 'log'] }),
  });

  function run(text: string): void {
    const input = classifyDeskInput(text);
    if (input.kind === 'invalid') {
      setProblem(t('desk:typed.invalid'));
      return;
    }
    setProblem(null);
    check.mutate(input.kind === 'token' ? { token: input.token } : { ismailId: input.ismailId });
  }

  function submit(event: FormEvent): void {
    event.preventDefault();
    run(typed);
  }

  const errorCode = check.error instanceof ApiError ? check.error.code : null;
  return (
    <div className="screen desk">
      <h1>{t('desk:title')}</h1>
      <div className="desk-grid">
        <div className="desk-inputs">
          <Camera onCode={run} />
          <form className="card form" onSubmit={submit} noValidate>
            <label htmlFor="desk-id">{t('desk:typed.label')}</label>
            <input
              id="desk-id"
              autoComplete="off"
              autoCapitalize="characters"
              spellCheck={false}
              placeholder={t('desk:typed.placeholder')}
              aria-describedby="desk-id-hint"
              value={typed}
              onChange={(e) => setTyped(formatIsmailIdAsTyped(e.target.value))}
            />
            <p id="desk-id-hint" className="muted hint">
              {t('desk:typed.hint')}
            </p>
            {problem !== null && (
              <p className="error" role="alert">
                {problem}
              </p>
            )}
            <button type="submit" className="button" disabled={check.isPending}>
              {check.isPending ? t('desk:typed.checking') : t('desk:typed.check')}
            </button>
          </form>
        </div>
        <div className="desk-results">
          {check.isError && (
            <p className="error card" role="alert">
              {errorCode === 'FORBIDDEN' || errorCode === 'SECOND_FACTOR_REQUIRED' || errorCode === 'RATE_LIMITED'
                ? t(`desk:errors.${errorCode}`)
                : t('desk:errors.other')}
            </p>
          )}
          {check.data !== undefined && <Verdict check={check.data} />}
          <DeskLog />
        </div>
      </div>
    </div>
  );
}
