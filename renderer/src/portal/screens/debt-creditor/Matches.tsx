/**
 * /recouvrement/rapprochements (lazy): payments received that named no file, each with the file the cloud suggests
 * (by amount and payer): confirmed to that file, to another of the creditor's open files chosen here, or rejected.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatFcfa } from '../../../common/format.js';
import { OfflineMark } from '../OfflineMark.js';
import { confirmSuggestion, filesQuery, rejectSuggestion, suggestionsQuery } from './data.js';
import { DebtNav } from './Nav.js';
import { problemText } from './problem.js';
import type { Suggestion } from './types.js';
import '../../styles/debt-creditor.css';

function MatchRow({ suggestion }: { suggestion: Suggestion }) {
  const { t, i18n } = useTranslation('debt-creditor');
  const lang = i18n.language;
  const client = useQueryClient();
  const open = useQuery(filesQuery('', ''));
  const [fileId, setFileId] = useState(suggestion.file?.id ?? '');
  const refresh = () => client.invalidateQueries({ queryKey: ['debt'] });
  const confirm = useMutation({ mutationFn: () => confirmSuggestion(suggestion.id, fileId), onSuccess: refresh });
  const reject = useMutation({ mutationFn: () => rejectSuggestion(suggestion.id), onSuccess: refresh });
  const selectId = `dc-match-${suggestion.id}`;
  const candidates = (open.data?.files ?? []).filter((f) => f.leftXof > 0);
  const failed = confirm.error ?? reject.error;
  return (
    <li className="card dc-file">
      <h2>
        {suggestion.payerName} · {formatFcfa(suggestion.amountXof, lang)}
      </h2>
      <p className="muted">{formatDateTime(suggestion.at, lang)}</p>
      <label htmlFor={selectId}>{t('debt-creditor:matches.file')}</label>
      <select id={selectId} value={fileId} onChange={(e) => setFileId(e.target.value)}>
        <option value="">{t('debt-creditor:matches.choose')}</option>
        {suggestion.file !== null && !candidates.some((f) => f.id === suggestion.file?.id) ? (
          <option value={suggestion.file.id}>
            {suggestion.file.label} · {formatFcfa(suggestion.file.leftXof, lang)}
          </option>
        ) : null}
        {candidates.map((f) => (
          <option key={f.id} value={f.id}>
            {f.debtorName} · {f.label} · {formatFcfa(f.leftXof, lang)}
          </option>
        ))}
      </select>
      <p className="dc-actions">
        <button
          type="button"
          className="button"
          disabled={fileId === '' || confirm.isPending || reject.isPending}
          onClick={() => confirm.mutate()}
        >
          {t('debt-creditor:matches.confirm')}
        </button>
        <button
          type="button"
          className="button dc-secondary"
          disabled={confirm.isPending || reject.isPending}
          onClick={() => reject.mutate()}
        >
          {t('debt-creditor:matches.reject')}
        </button>
      </p>
      {failed ? (
        <p className="error" role="alert">
          {problemText(t, failed, lang)}
        </p>
      ) : null}
    </li>
  );
}

export function DebtMatches() {
  const { t, i18n } = useTranslation('debt-creditor');
  const suggestions = useQuery(suggestionsQuery);
  return (
    <section aria-labelledby="dc-matches-title" className="screen dc">
      <h1 id="dc-matches-title">{t('debt-creditor:matches.title')}</h1>
      <DebtNav />
      <OfflineMark updatedAtMs={suggestions.dataUpdatedAt} failed={suggestions.isError} />
      <p className="muted">{t('debt-creditor:matches.intro')}</p>
      {suggestions.data === undefined ? (
        <p>{suggestions.isError ? problemText(t, suggestions.error, i18n.language) : t('app.loading')}</p>
      ) : suggestions.data.length === 0 ? (
        <p>{t('debt-creditor:matches.empty')}</p>
      ) : (
        <ul className="dc-list" data-testid="matches">
          {suggestions.data.map((s) => (
            <MatchRow key={s.id} suggestion={s} />
          ))}
        </ul>
      )}
    </section>
  );
}
