/**
 * /recouvrement/scenarios (lazy): the creditor's reminder scenarios, each editable step by step (or a new one started
 * from ISMAIL's), one of them the default; with the contact policy the engine enforces whatever the steps say, and the
 * cost of each reminder sent.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { saveScenario, scenariosQuery } from './data.js';
import { DebtNav } from './Nav.js';
import { problemText } from './problem.js';
import { StepEditor } from './StepEditor.js';
import type { Scenario, ScenarioStep } from './types.js';
import '../../styles/debt-creditor.css';

const placeholders = ['creditor', 'debtor', 'total', 'files', 'link'] as const;

interface Draft {
  id: string | null;
  name: string;
  steps: ScenarioStep[];
  isDefault: boolean;
}

function Editor({ draft, done }: { draft: Draft; done: () => void }) {
  const { t, i18n } = useTranslation('debt-creditor');
  const client = useQueryClient();
  const [edit, setEdit] = useState(draft);
  const save = useMutation({
    mutationFn: () => saveScenario({ ...edit, steps: [...edit.steps].sort((a, b) => a.offsetDays - b.offsetDays) }),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['debt', 'creditor', 'scenarios'] });
      done();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  const last = edit.steps.at(-1);
  const addStep = () => {
    const used = new Set(edit.steps.map((s) => s.key));
    let n = edit.steps.length + 1;
    while (used.has(`step${n}`)) n += 1;
    const step: ScenarioStep = {
      key: `step${n}`,
      offsetDays: (last?.offsetDays ?? 0) + 7,
      action: 'remind',
      channels: ['sms'],
      textFr: last?.textFr ?? '',
      textEn: last?.textEn ?? '',
    };
    setEdit({ ...edit, steps: [...edit.steps, step] });
  };
  return (
    <form className="dc-form" onSubmit={submit} aria-labelledby="dc-scenario-edit-title">
      <h2 id="dc-scenario-edit-title">{t('debt-creditor:scenario.editing', { name: edit.name })}</h2>
      <label htmlFor="dc-scenario-name">{t('debt-creditor:scenario.name')}</label>
      <input
        id="dc-scenario-name"
        value={edit.name}
        maxLength={80}
        onChange={(e) => setEdit({ ...edit, name: e.target.value })}
      />
      <label className="dc-choice">
        <input
          type="checkbox"
          checked={edit.isDefault}
          onChange={(e) => setEdit({ ...edit, isDefault: e.target.checked })}
        />
        {t('debt-creditor:scenario.isDefault')}
      </label>
      {edit.steps.map((step, i) => (
        <StepEditor
          key={step.key}
          step={step}
          n={i + 1}
          change={(changed) => setEdit({ ...edit, steps: edit.steps.map((s, j) => (j === i ? changed : s)) })}
          remove={
            edit.steps.length > 1 ? () => setEdit({ ...edit, steps: edit.steps.filter((_, j) => j !== i) }) : null
          }
          startOpen={!draft.steps.some((s) => s.key === step.key)}
        />
      ))}
      <p className="dc-actions">
        <button type="button" className="button dc-secondary" disabled={edit.steps.length >= 12} onClick={addStep}>
          {t('debt-creditor:scenario.addStep')}
        </button>
        <button type="submit" className="button" disabled={save.isPending || edit.name.trim() === ''}>
          {t('debt-creditor:scenario.save')}
        </button>
        <button type="button" className="button dc-secondary" onClick={done}>
          {t('debt-creditor:actions.cancel')}
        </button>
      </p>
      {save.isError ? (
        <p className="error" role="alert">
          {problemText(t, save.error, i18n.language)}
        </p>
      ) : null}
    </form>
  );
}

/** A scenario's steps in one line each: "J+7 · Relance au débiteur (E-mail)". */
function StepsSummary({ steps }: { steps: readonly ScenarioStep[] }) {
  const { t } = useTranslation('debt-creditor');
  return (
    <ol className="dc-steps-summary">
      {steps.map((s) => (
        <li key={s.key}>
          {t('debt-creditor:scenario.dayN', { days: s.offsetDays > 0 ? `+${s.offsetDays}` : String(s.offsetDays) })} ·{' '}
          {t(`debt-creditor:stepAction.${s.action}`)}
          {s.channels.length ? ` (${s.channels.map((c) => t(`debt-creditor:channel.${c}`)).join(', ')})` : ''}
        </li>
      ))}
    </ol>
  );
}

function Row({ scenario, edit }: { scenario: Scenario; edit: () => void }) {
  const { t } = useTranslation('debt-creditor');
  return (
    <li className="card dc-file">
      <h2>{scenario.name}</h2>
      {scenario.isDefault ? <span className="dc-chip dc-chip-open">{t('debt-creditor:scenario.default')}</span> : null}
      <StepsSummary steps={scenario.steps} />
      <button type="button" className="button dc-secondary" onClick={edit}>
        {t('debt-creditor:scenario.edit', { name: scenario.name })}
      </button>
    </li>
  );
}

export function DebtScenarios() {
  const { t, i18n } = useTranslation('debt-creditor');
  const scenarios = useQuery(scenariosQuery);
  const [draft, setDraft] = useState<Draft | null>(null);
  const data = scenarios.data;
  return (
    <section aria-labelledby="dc-scenarios-title" className="screen dc">
      <h1 id="dc-scenarios-title">{t('debt-creditor:scenario.title')}</h1>
      <DebtNav />
      <div className="card dc-policy">
        <h2>{t('debt-creditor:scenario.policyTitle')}</h2>
        <ul>
          <li>{t('debt-creditor:scenario.policyHours')}</li>
          <li>{t('debt-creditor:scenario.policyDays')}</li>
          <li>{t('debt-creditor:scenario.policySms')}</li>
          <li>{t('debt-creditor:scenario.policyOptOut')}</li>
          <li>{t('debt-creditor:scenario.cost')}</li>
        </ul>
        <h3>{t('debt-creditor:scenario.placeholders')}</h3>
        <dl className="dc-placeholders">
          {placeholders.map((p) => (
            <div key={p}>
              <dt>
                <code>{`{${p}}`}</code>
              </dt>
              <dd>{t(`debt-creditor:placeholder.${p}`)}</dd>
            </div>
          ))}
        </dl>
      </div>
      {data === undefined ? (
        <p>{scenarios.isError ? problemText(t, scenarios.error, i18n.language) : t('app.loading')}</p>
      ) : draft !== null ? (
        <Editor key={draft.id ?? 'new'} draft={draft} done={() => setDraft(null)} />
      ) : (
        <>
          {data.scenarios.length === 0 ? (
            <div className="card" data-testid="built-in">
              <p>{t('debt-creditor:scenario.none')}</p>
              <StepsSummary steps={data.builtIn} />
            </div>
          ) : null}
          <ul className="dc-list" data-testid="scenarios" hidden={data.scenarios.length === 0}>
            {data.scenarios.map((s) => (
              <Row key={s.id} scenario={s} edit={() => setDraft({ ...s, steps: s.steps.map((x) => ({ ...x })) })} />
            ))}
          </ul>
          <p className="dc-actions">
            <button
              type="button"
              className="button"
              onClick={() =>
                setDraft({
                  id: null,
                  name: t('debt-creditor:scenario.newName'),
                  steps: data.builtIn.map((x) => ({ ...x })),
                  isDefault: data.scenarios.length === 0,
                })
              }
            >
              {t('debt-creditor:scenario.new')}
            </button>
          </p>
        </>
      )}
    </section>
  );
}
