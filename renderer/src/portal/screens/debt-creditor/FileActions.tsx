/**
 * What a creditor does on an open file: record a payment received outside the wallet, take a promise, set a payment
 * plan, open or settle a dispute, assign an agent, change the scenario, write the file off or hand it to legal (both
 * confirmed first), and write a note. Amounts are whole francs; the cloud checks them against the file again.
 */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ActionDone, ActionForm } from './ActionForm.js';
import {
  addNote,
  agentsQuery,
  createPromise,
  openDispute,
  patchFile,
  recordPayment,
  resolveDispute,
  scenariosQuery,
} from './data.js';
import { PlanEditor } from './PlanEditor.js';
import { closedStatuses, type DebtFile, type Dispute } from './types.js';
import { readXof, today } from './when.js';

const methods = ['cash', 'mobile_money', 'bank'] as const;

function PaymentForm({ file }: { file: DebtFile }) {
  const { t } = useTranslation('debt-creditor');
  const [amount, setAmount] = useState('');
  const [method, setMethod] = useState<(typeof methods)[number]>('cash');
  const [reference, setReference] = useState('');
  const [paidOn, setPaidOn] = useState(today());
  const xof = readXof(amount);
  return (
    <ActionForm
      id="payment"
      title={t('debt-creditor:payment.title')}
      submit={t('debt-creditor:payment.submit')}
      ready={xof !== null && xof > 0 && reference.trim() !== '' && paidOn !== ''}
      run={() => recordPayment(file.id, { amountXof: xof ?? 0, method, reference: reference.trim(), paidOn })}
    >
      <label htmlFor="dc-pay-amount">{t('debt-creditor:payment.amount')}</label>
      <input id="dc-pay-amount" inputMode="numeric" value={amount} onChange={(e) => setAmount(e.target.value)} />
      <label htmlFor="dc-pay-method">{t('debt-creditor:payment.method')}</label>
      <select id="dc-pay-method" value={method} onChange={(e) => setMethod(e.target.value as (typeof methods)[number])}>
        {methods.map((m) => (
          <option key={m} value={m}>
            {t(`debt-creditor:method.${m}`)}
          </option>
        ))}
      </select>
      <label htmlFor="dc-pay-ref">{t('debt-creditor:payment.reference')}</label>
      <input id="dc-pay-ref" value={reference} onChange={(e) => setReference(e.target.value)} />
      <label htmlFor="dc-pay-day">{t('debt-creditor:payment.paidOn')}</label>
      <input id="dc-pay-day" type="date" value={paidOn} onChange={(e) => setPaidOn(e.target.value)} />
    </ActionForm>
  );
}

function PromiseForm({ file }: { file: DebtFile }) {
  const { t } = useTranslation('debt-creditor');
  const [amount, setAmount] = useState('');
  const [day, setDay] = useState('');
  const xof = readXof(amount);
  return (
    <ActionForm
      id="promise"
      title={t('debt-creditor:promise.title')}
      submit={t('debt-creditor:promise.submit')}
      ready={xof !== null && xof > 0 && day !== ''}
      run={() => createPromise(file.id, { amountXof: xof ?? 0, promisedOn: day })}
    >
      <label htmlFor="dc-promise-amount">{t('debt-creditor:promise.amount')}</label>
      <input id="dc-promise-amount" inputMode="numeric" value={amount} onChange={(e) => setAmount(e.target.value)} />
      <label htmlFor="dc-promise-day">{t('debt-creditor:promise.day')}</label>
      <input id="dc-promise-day" type="date" value={day} onChange={(e) => setDay(e.target.value)} />
    </ActionForm>
  );
}

function DisputeForms({ file, open }: { file: DebtFile; open: Dispute | undefined }) {
  const { t } = useTranslation('debt-creditor');
  const [reason, setReason] = useState('');
  const [outcome, setOutcome] = useState<'rejected' | 'upheld'>('rejected');
  const [resolution, setResolution] = useState('');
  if (open === undefined)
    return (
      <ActionForm
        key="dispute"
        id="dispute"
        title={t('debt-creditor:dispute.open')}
        submit={t('debt-creditor:dispute.openSubmit')}
        ready={reason.trim() !== ''}
        run={() => openDispute(file.id, reason.trim())}
      >
        <label htmlFor="dc-dispute-reason">{t('debt-creditor:dispute.reason')}</label>
        <textarea id="dc-dispute-reason" value={reason} onChange={(e) => setReason(e.target.value)} />
      </ActionForm>
    );
  return (
    <ActionForm
      key="resolve"
      id="resolve"
      title={t('debt-creditor:dispute.resolve')}
      submit={t('debt-creditor:dispute.resolveSubmit')}
      ready={resolution.trim() !== ''}
      destructive={outcome === 'upheld'}
      run={() => resolveDispute(file.id, open.id, { outcome, resolution: resolution.trim() })}
    >
      <p>{t('debt-creditor:dispute.said', { reason: open.reason })}</p>
      <fieldset>
        <legend>{t('debt-creditor:dispute.outcome')}</legend>
        {(['rejected', 'upheld'] as const).map((o) => (
          <label key={o} className="dc-choice">
            <input type="radio" name="dc-outcome" checked={outcome === o} onChange={() => setOutcome(o)} />
            {t(`debt-creditor:dispute.${o}`)}
          </label>
        ))}
      </fieldset>
      <label htmlFor="dc-dispute-resolution">{t('debt-creditor:dispute.resolution')}</label>
      <textarea id="dc-dispute-resolution" value={resolution} onChange={(e) => setResolution(e.target.value)} />
    </ActionForm>
  );
}

function AssignForms({ file }: { file: DebtFile }) {
  const { t } = useTranslation('debt-creditor');
  const agents = useQuery(agentsQuery);
  const scenarios = useQuery(scenariosQuery);
  const [agent, setAgent] = useState(file.assignedAgentId ?? '');
  const [scenario, setScenario] = useState(file.scenarioId ?? '');
  return (
    <>
      <ActionForm
        id="agent"
        title={t('debt-creditor:assign.agentTitle')}
        submit={t('debt-creditor:assign.save')}
        run={() => patchFile(file.id, { assignedAgentId: agent === '' ? null : agent })}
      >
        <label htmlFor="dc-agent">{t('debt-creditor:assign.agent')}</label>
        <select id="dc-agent" value={agent} onChange={(e) => setAgent(e.target.value)}>
          <option value="">{t('debt-creditor:assign.noAgent')}</option>
          {(agents.data ?? []).map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </select>
      </ActionForm>
      <ActionForm
        id="scenario"
        title={t('debt-creditor:assign.scenarioTitle')}
        submit={t('debt-creditor:assign.save')}
        run={() => patchFile(file.id, { scenarioId: scenario === '' ? null : scenario })}
      >
        <label htmlFor="dc-file-scenario">{t('debt-creditor:assign.scenario')}</label>
        <select id="dc-file-scenario" value={scenario} onChange={(e) => setScenario(e.target.value)}>
          <option value="">{t('debt-creditor:assign.defaultScenario')}</option>
          {(scenarios.data?.scenarios ?? []).map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </ActionForm>
    </>
  );
}

function NoteForm({ file }: { file: DebtFile }) {
  const { t } = useTranslation('debt-creditor');
  const [text, setText] = useState('');
  return (
    <ActionForm
      id="note"
      title={t('debt-creditor:note.title')}
      submit={t('debt-creditor:note.submit')}
      ready={text.trim() !== ''}
      run={async () => {
        await addNote(file.id, text.trim());
        setText('');
      }}
    >
      <label htmlFor="dc-note">{t('debt-creditor:note.text')}</label>
      <textarea id="dc-note" value={text} maxLength={2000} onChange={(e) => setText(e.target.value)} />
    </ActionForm>
  );
}

export function FileActions({ file, openDispute: open }: { file: DebtFile; openDispute: Dispute | undefined }) {
  const { t } = useTranslation('debt-creditor');
  const closed = closedStatuses.includes(file.status);
  const [done, setDone] = useState<string | null>(null);
  return (
    <div className="dc-actions-list">
      <h2>{t('debt-creditor:actions.title')}</h2>
      {done === null ? null : (
        <p className="dc-done" role="status" data-testid="action-done">
          {t('debt-creditor:actions.doneWhat', { action: done })}
        </p>
      )}
      <ActionDone.Provider value={setDone}>
        {closed ? null : (
          <>
            <PaymentForm file={file} />
            <PromiseForm file={file} />
            <PlanEditor fileId={file.id} leftXof={file.leftXof} />
            <DisputeForms file={file} open={open} />
            <AssignForms file={file} />
            {file.status === 'legal' ? null : (
              <ActionForm
                id="legal"
                title={t('debt-creditor:actions.legal')}
                submit={t('debt-creditor:actions.legalSubmit')}
                destructive
                run={() => patchFile(file.id, { status: 'legal' })}
              />
            )}
            <ActionForm
              id="writeoff"
              title={t('debt-creditor:actions.writeOff')}
              submit={t('debt-creditor:actions.writeOffSubmit')}
              destructive
              run={() => patchFile(file.id, { status: 'written_off' })}
            />
          </>
        )}
        <NoteForm file={file} />
      </ActionDone.Provider>
    </div>
  );
}
