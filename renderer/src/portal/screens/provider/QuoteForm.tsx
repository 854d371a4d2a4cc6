/**
 * A provider's quote for a request: lines (label, quantity, unit price VAT included, tax group), the date and
 * duration proposed, how long it holds (7 days by default) and a note, with the total updated as typed. A quote
 * sent again is a new version that replaces the previous one for the client.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatFcfa } from '../../../common/format.js';
import { sendQuote } from './data.js';
import { abidjanInstant, abidjanLocal, fcfaOf, quantityMilliOf, quoteTotalXof } from './math.js';
import { problemText } from './problem.js';
import type { Quote } from './types.js';

/** Côte d'Ivoire's groups a service line may carry (shared/src/invoicing/tax-groups.ts), standard rate first. */
const taxGroups = ['CI-TVA-18', 'CI-TVA-9', 'CI-EXO-CONV', 'CI-EXO-LEG'] as const;
const linesMax = 30;

interface Line {
  label: string;
  quantity: string;
  price: string;
  taxGroup: string;
}
const emptyLine = (): Line => ({ label: '', quantity: '1', price: '', taxGroup: 'CI-TVA-18' });

function LineFields(props: {
  index: number;
  line: Line;
  onChange: (change: Partial<Line>) => void;
  onRemove: (() => void) | null;
}) {
  const { t } = useTranslation('provider');
  const { index: i, line } = props;
  const id = `quote-line-${String(i)}`;
  return (
    <fieldset className="provider-day">
      <legend>{t('provider:quote.line', { n: i + 1 })}</legend>
      <label htmlFor={`${id}-label`}>{t('provider:quote.label')}</label>
      <input
        id={`${id}-label`}
        required
        maxLength={300}
        value={line.label}
        onChange={(e) => props.onChange({ label: e.target.value })}
      />
      <div className="provider-pair">
        <div>
          <label htmlFor={`${id}-quantity`}>{t('provider:quote.quantity')}</label>
          <input
            id={`${id}-quantity`}
            inputMode="decimal"
            required
            autoComplete="off"
            value={line.quantity}
            onChange={(e) => props.onChange({ quantity: e.target.value })}
          />
        </div>
        <div>
          <label htmlFor={`${id}-price`}>{t('provider:quote.unitPrice')}</label>
          <input
            id={`${id}-price`}
            inputMode="numeric"
            required
            autoComplete="off"
            value={line.price}
            onChange={(e) => props.onChange({ price: e.target.value })}
          />
        </div>
      </div>
      <label htmlFor={`${id}-tax`}>{t('provider:quote.tax')}</label>
      <select id={`${id}-tax`} value={line.taxGroup} onChange={(e) => props.onChange({ taxGroup: e.target.value })}>
        {taxGroups.map((code) => (
          <option key={code} value={code}>
            {t(`provider:taxGroup.${code}`)}
          </option>
        ))}
      </select>
      {props.onRemove === null ? null : (
        <button type="button" className="button secondary" onClick={props.onRemove}>
          {t('provider:quote.removeLine', { n: i + 1 })}
        </button>
      )}
    </fieldset>
  );
}

/** A quantity in thousandths as typed back ("1,5"), in the reader's decimal mark. */
const typedQuantity = (quantityMilli: number, language: string): string =>
  String(quantityMilli / 1000).replace('.', language === 'en' ? '.' : ',');

const linesOf = (latest: Quote | null, language: string): Line[] =>
  latest === null
    ? [emptyLine()]
    : latest.lines.map((l) => ({
        label: l.label,
        quantity: typedQuantity(l.quantityMilli, language),
        price: String(l.unitPriceXof),
        taxGroup: l.taxGroup,
      }));

/**
 * The form of a first quote, or of a new version: then it starts from my latest version (lines, time, duration,
 * note), since a new version usually changes one figure.
 */
export function QuoteForm(props: { requestId: string; latest: Quote | null; onSent: () => void }) {
  const { requestId, latest } = props;
  const { t, i18n } = useTranslation('provider');
  const queryClient = useQueryClient();
  const hasQuote = latest !== null;
  const [lines, setLines] = useState<Line[]>(() => linesOf(latest, i18n.language));
  const [startsAt, setStartsAt] = useState(() => (latest === null ? '' : abidjanLocal(latest.startsAt)));
  const [duration, setDuration] = useState(() => String(latest?.durationMinutes ?? 60));
  const [validDays, setValidDays] = useState('7');
  const [note, setNote] = useState(() => latest?.note ?? '');
  const setLine = (index: number, change: Partial<Line>): void => {
    setLines(lines.map((l, i) => (i === index ? { ...l, ...change } : l)));
  };
  const send = useMutation({
    mutationFn: () =>
      sendQuote(requestId, {
        lines: lines.map((l) => ({
          label: l.label.trim(),
          quantityMilli: quantityMilliOf(l.quantity),
          unitPriceXof: fcfaOf(l.price),
          taxGroup: l.taxGroup,
        })),
        startsAt: abidjanInstant(startsAt),
        durationMinutes: Number(duration),
        validDays: Number(validDays),
        ...(note.trim() === '' ? {} : { note: note.trim() }),
      }),
    onSuccess: async () => {
      props.onSent();
      await queryClient.invalidateQueries({ queryKey: ['provider', 'request', requestId] });
    },
  });
  function submit(event: FormEvent): void {
    event.preventDefault();
    if (!send.isPending) send.mutate();
  }
  const total = quoteTotalXof(lines);
  const language = i18n.language;
  return (
    <form className="form provider-form" onSubmit={submit} aria-labelledby="quote-title" data-testid="quote-form">
      <h2 id="quote-title">{hasQuote ? t('provider:quote.newVersionTitle') : t('provider:quote.title')}</h2>
      {lines.map((line, i) => (
        <LineFields
          key={i}
          index={i}
          line={line}
          onChange={(change) => setLine(i, change)}
          onRemove={lines.length > 1 ? () => setLines(lines.filter((_, j) => j !== i)) : null}
        />
      ))}
      {lines.length < linesMax ? (
        <button type="button" className="button secondary" onClick={() => setLines([...lines, emptyLine()])}>
          {t('provider:quote.addLine')}
        </button>
      ) : null}
      <label htmlFor="quote-starts">{t('provider:quote.startsAt')}</label>
      <input
        id="quote-starts"
        type="datetime-local"
        required
        value={startsAt}
        aria-describedby="quote-starts-hint"
        onChange={(e) => setStartsAt(e.target.value)}
      />
      <p className="muted provider-hint" id="quote-starts-hint">
        {t('provider:quote.abidjanTime')}
      </p>
      <div className="provider-pair">
        <div>
          <label htmlFor="quote-duration">{t('provider:quote.duration')}</label>
          <input
            id="quote-duration"
            type="number"
            inputMode="numeric"
            required
            min={15}
            max={720}
            value={duration}
            onChange={(e) => setDuration(e.target.value)}
          />
        </div>
        <div>
          <label htmlFor="quote-valid">{t('provider:quote.validDays')}</label>
          <input
            id="quote-valid"
            type="number"
            inputMode="numeric"
            required
            min={1}
            max={30}
            value={validDays}
            onChange={(e) => setValidDays(e.target.value)}
          />
        </div>
      </div>
      <label htmlFor="quote-note">{t('provider:quote.note')}</label>
      <textarea id="quote-note" rows={3} maxLength={1000} value={note} onChange={(e) => setNote(e.target.value)} />
      <p className="provider-total" aria-live="polite" data-testid="quote-total">
        {total === null
          ? t('provider:quote.totalPending')
          : t('provider:quote.total', { amount: formatFcfa(total, language) })}
      </p>
      {send.isError ? (
        <p className="error" role="alert">
          {problemText(t, send.error, language)}
        </p>
      ) : null}
      <button type="submit" className="button" disabled={send.isPending} aria-busy={send.isPending}>
        {hasQuote ? t('provider:quote.sendNew') : t('provider:quote.send')}
      </button>
    </form>
  );
}
