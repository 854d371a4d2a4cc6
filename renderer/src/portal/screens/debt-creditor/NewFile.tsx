/**
 * /recouvrement/nouveau (lazy): a debt file made by hand: the debtor by ISMAIL ID, or by name with a phone (+225) or
 * an e-mail; what is owed, fees, the due day and the creditor's reference (the same reference twice opens one file).
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { createFile, scenariosQuery } from './data.js';
import { DebtNav } from './Nav.js';
import { problemText } from './problem.js';
import type { NewDebtor } from './types.js';
import { readXof } from './when.js';
import '../../styles/debt-creditor.css';

/** A phone typed the Ivorian way ("07 44 55 66 77") in the +225 form the cloud keeps. */
function ivorianPhone(typed: string): string {
  const digits = typed.replace(/[^\d+]/g, '');
  if (digits.startsWith('+')) return digits;
  if (digits.startsWith('00')) return `+${digits.slice(2)}`;
  return digits.length === 10 ? `+225${digits}` : digits;
}

/** The scenario the file follows; empty for the creditor's default. */
function ScenarioSelect({ value, change }: { value: string; change: (id: string) => void }) {
  const { t } = useTranslation('debt-creditor');
  const scenarios = useQuery(scenariosQuery);
  return (
    <>
      <label htmlFor="dc-new-scenario">{t('debt-creditor:assign.scenario')}</label>
      <select id="dc-new-scenario" value={value} onChange={(e) => change(e.target.value)}>
        <option value="">{t('debt-creditor:assign.defaultScenario')}</option>
        {(scenarios.data?.scenarios ?? []).map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
          </option>
        ))}
      </select>
    </>
  );
}

export function NewDebtFile() {
  const { t, i18n } = useTranslation('debt-creditor');
  const navigate = useNavigate();
  const [byId, setById] = useState(true);
  const [ismailId, setIsmailId] = useState('');
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [email, setEmail] = useState('');
  const [label, setLabel] = useState('');
  const [principal, setPrincipal] = useState('');
  const [fees, setFees] = useState('');
  const [dueOn, setDueOn] = useState('');
  const [reference, setReference] = useState('');
  const [scenarioId, setScenarioId] = useState('');
  const principalXof = readXof(principal);
  const feesXof = fees.trim() === '' ? 0 : readXof(fees);
  const debtor: NewDebtor = byId
    ? { ismailId: ismailId.trim() }
    : {
        name: name.trim(),
        ...(phone.trim() ? { phone: ivorianPhone(phone) } : {}),
        ...(email.trim() ? { email: email.trim() } : {}),
      };
  const debtorReady = byId
    ? ismailId.trim() !== ''
    : name.trim() !== '' && (phone.trim() !== '' || email.trim() !== '');
  const ready =
    debtorReady &&
    label.trim() !== '' &&
    principalXof !== null &&
    principalXof > 0 &&
    feesXof !== null &&
    dueOn !== '' &&
    reference.trim() !== '';
  const create = useMutation({
    mutationFn: () =>
      createFile({
        debtor,
        label: label.trim(),
        principalXof: principalXof ?? 0,
        feesXof: feesXof ?? 0,
        dueOn,
        reference: reference.trim(),
        ...(scenarioId ? { scenarioId } : {}),
      }),
    onSuccess: (answer) => navigate({ to: '/recouvrement/dossiers/$fileId', params: { fileId: answer.file.id } }),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (ready) create.mutate();
  };
  return (
    <section aria-labelledby="dc-new-title" className="screen dc">
      <h1 id="dc-new-title">{t('debt-creditor:new.title')}</h1>
      <DebtNav />
      <form className="dc-form card" onSubmit={submit}>
        <fieldset>
          <legend>{t('debt-creditor:new.debtor')}</legend>
          <label className="dc-choice">
            <input type="radio" name="dc-debtor-kind" checked={byId} onChange={() => setById(true)} />
            {t('debt-creditor:new.byId')}
          </label>
          <label className="dc-choice">
            <input type="radio" name="dc-debtor-kind" checked={!byId} onChange={() => setById(false)} />
            {t('debt-creditor:new.byName')}
          </label>
        </fieldset>
        {byId ? (
          <>
            <label htmlFor="dc-new-id">{t('debt-creditor:new.ismailId')}</label>
            <input id="dc-new-id" value={ismailId} onChange={(e) => setIsmailId(e.target.value)} autoComplete="off" />
          </>
        ) : (
          <>
            <label htmlFor="dc-new-name">{t('debt-creditor:new.name')}</label>
            <input id="dc-new-name" value={name} onChange={(e) => setName(e.target.value)} />
            <label htmlFor="dc-new-phone">{t('debt-creditor:new.phone')}</label>
            <input id="dc-new-phone" type="tel" value={phone} onChange={(e) => setPhone(e.target.value)} />
            <label htmlFor="dc-new-email">{t('debt-creditor:new.email')}</label>
            <input id="dc-new-email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} />
            <p className="muted">{t('debt-creditor:new.contactHint')}</p>
          </>
        )}
        <label htmlFor="dc-new-label">{t('debt-creditor:new.label')}</label>
        <input id="dc-new-label" value={label} maxLength={200} onChange={(e) => setLabel(e.target.value)} />
        <label htmlFor="dc-new-principal">{t('debt-creditor:new.principal')}</label>
        <input
          id="dc-new-principal"
          inputMode="numeric"
          value={principal}
          onChange={(e) => setPrincipal(e.target.value)}
        />
        <label htmlFor="dc-new-fees">{t('debt-creditor:new.fees')}</label>
        <input id="dc-new-fees" inputMode="numeric" value={fees} onChange={(e) => setFees(e.target.value)} />
        <label htmlFor="dc-new-due">{t('debt-creditor:new.dueOn')}</label>
        <input id="dc-new-due" type="date" value={dueOn} onChange={(e) => setDueOn(e.target.value)} />
        <label htmlFor="dc-new-ref">{t('debt-creditor:new.reference')}</label>
        <input id="dc-new-ref" value={reference} maxLength={80} onChange={(e) => setReference(e.target.value)} />
        <p className="muted">{t('debt-creditor:new.referenceHint')}</p>
        <ScenarioSelect value={scenarioId} change={setScenarioId} />
        <button type="submit" className="button" disabled={!ready || create.isPending}>
          {t('debt-creditor:new.submit')}
        </button>
        {create.isError ? (
          <p className="error" role="alert">
            {problemText(t, create.error, i18n.language)}
          </p>
        ) : null}
      </form>
    </section>
  );
}
