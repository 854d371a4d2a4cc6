/**
 * One scenario step on its form: days from the due day, what it does, the channels when it reminds the debtor, its
 * French and English texts, the smallest balance it bothers for, and whether the scenario stops after it.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { reminderChannels, stepActions, type ScenarioStep, type StepAction } from './types.js';
import { readXof } from './when.js';

export function StepEditor(props: {
  step: ScenarioStep;
  n: number;
  change: (step: ScenarioStep) => void;
  remove: (() => void) | null;
  startOpen: boolean;
}) {
  const { t } = useTranslation('debt-creditor');
  const { step, n } = props;
  const id = `dc-step-${n}`;
  const [open, setOpen] = useState(props.startOpen);
  const set = (change: Partial<ScenarioStep>) => props.change({ ...step, ...change });
  const days = step.offsetDays > 0 ? `+${step.offsetDays}` : String(step.offsetDays);
  return (
    <details
      className="card dc-step"
      data-testid={`step-${n}`}
      open={open}
      onToggle={(e) => setOpen(e.currentTarget.open)}
    >
      <summary>
        {t('debt-creditor:scenario.stepSummary', {
          n,
          day: t('debt-creditor:scenario.dayN', { days }),
          action: t(`debt-creditor:stepAction.${step.action}`),
        })}
      </summary>
      <fieldset>
        <legend className="visually-hidden">{t('debt-creditor:scenario.step', { n, key: step.key })}</legend>
        <label htmlFor={`${id}-days`}>{t('debt-creditor:scenario.offset')}</label>
        <input
          id={`${id}-days`}
          type="number"
          min={-30}
          max={365}
          value={step.offsetDays}
          onChange={(e) => set({ offsetDays: Math.trunc(Number(e.target.value)) })}
        />
        <label htmlFor={`${id}-action`}>{t('debt-creditor:scenario.action')}</label>
        <select
          id={`${id}-action`}
          value={step.action}
          onChange={(e) => {
            const action = e.target.value as StepAction;
            set({ action, channels: action === 'remind' ? (step.channels.length ? step.channels : ['sms']) : [] });
          }}
        >
          {stepActions.map((a) => (
            <option key={a} value={a}>
              {t(`debt-creditor:stepAction.${a}`)}
            </option>
          ))}
        </select>
        {step.action === 'remind' ? (
          <fieldset className="dc-channels">
            <legend>{t('debt-creditor:scenario.channels')}</legend>
            {reminderChannels.map((c) => (
              <label key={c} className="dc-choice">
                <input
                  type="checkbox"
                  checked={step.channels.includes(c)}
                  onChange={(e) =>
                    set({
                      channels: e.target.checked
                        ? reminderChannels.filter((x) => x === c || step.channels.includes(x))
                        : step.channels.filter((x) => x !== c),
                    })
                  }
                />
                {t(`debt-creditor:channel.${c}`)}
              </label>
            ))}
          </fieldset>
        ) : null}
        <label htmlFor={`${id}-fr`}>{t('debt-creditor:scenario.textFr')}</label>
        <textarea
          id={`${id}-fr`}
          maxLength={600}
          value={step.textFr}
          onChange={(e) => set({ textFr: e.target.value })}
        />
        <label htmlFor={`${id}-en`}>{t('debt-creditor:scenario.textEn')}</label>
        <textarea
          id={`${id}-en`}
          maxLength={600}
          value={step.textEn}
          onChange={(e) => set({ textEn: e.target.value })}
        />
        <label htmlFor={`${id}-min`}>{t('debt-creditor:scenario.minBalance')}</label>
        <input
          id={`${id}-min`}
          inputMode="numeric"
          value={step.minBalanceXof === undefined ? '' : String(step.minBalanceXof)}
          onChange={(e) => {
            const xof = readXof(e.target.value);
            // An emptied field drops the condition (the key leaves the step, as the schema wants it absent).
            const rest = { ...step };
            delete rest.minBalanceXof;
            props.change(xof === null ? rest : { ...rest, minBalanceXof: xof });
          }}
        />
        <label className="dc-choice">
          <input type="checkbox" checked={step.stop === true} onChange={(e) => set({ stop: e.target.checked })} />
          {t('debt-creditor:scenario.stop')}
        </label>
        {props.remove === null ? null : (
          <button type="button" className="button dc-secondary" onClick={props.remove}>
            {t('debt-creditor:scenario.removeStep', { n })}
          </button>
        )}
      </fieldset>
    </details>
  );
}
