/**
 * « Répartir »: a line's amount over 2 to 20 invoices or movements. Each part's target is one of the suggestions or an
 * identifier typed; the parts must sum to the line's amount, which is said (what is left, or the excess) before the
 * cloud is asked.
 */
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatFcfa } from '../../../common/format.js';
import { problemText } from '../exports/problem.js';
import { leftToPlace, parseXof } from './amount.js';
import { splitLine } from './data.js';
import type { Line, TargetType } from './types.js';

interface Part {
  target: string; // "<type>:<id>" of a suggestion, or "other"
  otherType: TargetType;
  otherId: string;
  amount: string;
}

const blank = (target: string): Part => ({ target, otherType: 'invoice', otherId: '', amount: '' });

export function SplitForm({ line, onDone }: { line: Line; onDone: () => Promise<void> }) {
  const { t, i18n } = useTranslation(['bank', 'reports']);
  const lang = i18n.language;
  const options = line.suggestions.map((s) => ({ key: `${s.targetType}:${s.targetId}`, s }));
  const [parts, setParts] = useState<Part[]>(() => [
    blank(options[0]?.key ?? 'other'),
    blank(options[1]?.key ?? 'other'),
  ]);
  const amounts = parts.map((p) => parseXof(p.amount));
  const left = leftToPlace(line.amountXof, amounts);
  const targets = parts.map((p) => {
    if (p.target !== 'other') {
      const [targetType, ...rest] = p.target.split(':');
      return { targetType: targetType as TargetType, targetId: rest.join(':') };
    }
    return { targetType: p.otherType, targetId: p.otherId.trim() };
  });
  const ready = left === 0 && targets.every((x) => x.targetId !== '') && parts.length >= 2 && parts.length <= 20;
  const send = useMutation({
    mutationFn: () =>
      splitLine(
        line.id,
        targets.map((x, i) => ({ ...x, amountXof: amounts[i] ?? 0 })),
      ),
    onSuccess: onDone,
  });
  const change = (index: number, patch: Partial<Part>) =>
    setParts((held) => held.map((p, i) => (i === index ? { ...p, ...patch } : p)));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (ready) send.mutate();
  };
  const id = (index: number, field: string) => `split-${line.id}-${index}-${field}`;
  return (
    <form onSubmit={submit}>
      <p>{t('bank:split.total', { amount: formatFcfa(line.amountXof, lang) })}</p>
      {parts.map((part, index) => (
        <fieldset key={index}>
          <legend>{t('bank:split.part', { n: index + 1 })}</legend>
          <label htmlFor={id(index, 'target')}>{t('bank:split.target')}</label>
          <select
            id={id(index, 'target')}
            value={part.target}
            onChange={(e) => change(index, { target: e.target.value })}
          >
            {options.map((o) => (
              <option key={o.key} value={o.key}>
                {`${o.s.label} (${formatFcfa(o.s.amountXof, lang)})`}
              </option>
            ))}
            <option value="other">{t('bank:split.other')}</option>
          </select>
          {part.target === 'other' ? (
            <>
              <label htmlFor={id(index, 'type')}>{t('bank:split.type')}</label>
              <select
                id={id(index, 'type')}
                value={part.otherType}
                onChange={(e) => change(index, { otherType: e.target.value as TargetType })}
              >
                <option value="invoice">{t('bank:targets.invoice')}</option>
                <option value="ledger">{t('bank:targets.ledger')}</option>
              </select>
              <label htmlFor={id(index, 'id')}>{t('bank:split.id')}</label>
              <input
                id={id(index, 'id')}
                value={part.otherId}
                onChange={(e) => change(index, { otherId: e.target.value })}
              />
            </>
          ) : null}
          <label htmlFor={id(index, 'amount')}>{t('bank:split.amount')}</label>
          <input
            id={id(index, 'amount')}
            inputMode="numeric"
            value={part.amount}
            aria-invalid={part.amount !== '' && amounts[index] === null}
            onChange={(e) => change(index, { amount: e.target.value })}
          />
          {parts.length > 2 ? (
            <button
              type="button"
              className="button rp-secondary"
              onClick={() => setParts((held) => held.filter((_, i) => i !== index))}
            >
              {t('bank:split.remove', { n: index + 1 })}
            </button>
          ) : null}
        </fieldset>
      ))}
      {parts.length < 20 ? (
        <button
          type="button"
          className="button rp-secondary"
          onClick={() => setParts((held) => [...held, blank('other')])}
        >
          {t('bank:split.add')}
        </button>
      ) : null}
      <p aria-live="polite" className={left === 0 ? 'jp-done' : 'rp-warning'}>
        {left === null
          ? t('bank:split.unreadable')
          : left === 0
            ? t('bank:split.balanced')
            : Math.sign(left) === Math.sign(line.amountXof)
              ? t('bank:split.left', { amount: formatFcfa(Math.abs(left), lang) })
              : t('bank:split.over', { amount: formatFcfa(Math.abs(left), lang) })}
      </p>
      <button type="submit" className="button" disabled={!ready || send.isPending}>
        {t('bank:split.send')}
      </button>
      {send.isError ? (
        <p className="error" role="alert">
          {problemText(t, send.error, lang)}
        </p>
      ) : null}
    </form>
  );
}
