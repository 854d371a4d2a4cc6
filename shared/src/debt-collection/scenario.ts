/**
 * Reminder scenarios (issue 26): a creditor's steps by days from the due date. Each step says how to reach the
 * debtor (SMS, push, e-mail) or what the creditor's side does (a call task for the agent, a formal notice letter as a
 * PDF, the hand-off to legal), its French and English text, a condition and whether the scenario stops after it.
 * Texts take placeholders filled per debtor with the consolidated figures: {creditor}, {debtor}, {total}, {files},
 * {link}.
 */
import { Type, type Static } from '@sinclair/typebox';

export const debtStatuses = [
  'open',
  'in_reminder',
  'promise',
  'plan',
  'disputed',
  'paid',
  'written_off',
  'legal',
] as const;
export type DebtStatus = (typeof debtStatuses)[number];
/** Statuses in which the engine reminds; promise, plan and dispute pause it, legal and the closed ones end it. */
export const remindableStatuses: readonly DebtStatus[] = ['open', 'in_reminder'];

export const debtSources = ['invoice', 'lease_rent', 'overdraft', 'manual', 'import'] as const;
export type DebtSource = (typeof debtSources)[number];

/** Channels that reach the debtor. */
export const reminderChannels = ['sms', 'push', 'email'] as const;
export type ReminderChannel = (typeof reminderChannels)[number];
/** What a step does: reach the debtor on some channels, or an action on the creditor's side. */
export const stepActions = ['remind', 'call_task', 'letter', 'legal'] as const;
export type StepAction = (typeof stepActions)[number];

/** The scenario texts' placeholders. */
export const scenarioPlaceholders = ['{creditor}', '{debtor}', '{total}', '{files}', '{link}'] as const;

const stepText = Type.String({ minLength: 1, maxLength: 600 });

export const scenarioStepSchema = Type.Object(
  {
    /** Stable across edits (which steps a file is past is recorded by key). */
    key: Type.String({ pattern: '^[a-z0-9_-]{1,20}$' }),
    /** Days from the due date: -3 is three days before it. */
    offsetDays: Type.Integer({ minimum: -30, maximum: 365 }),
    action: Type.Union(stepActions.map((a) => Type.Literal(a))),
    /** For `remind`: one to three channels, sent together as one reminder. */
    channels: Type.Array(Type.Union(reminderChannels.map((c) => Type.Literal(c))), { maxItems: 3, uniqueItems: true }),
    textFr: stepText,
    textEn: stepText,
    /** The step is skipped for a file whose balance is below this (a courtesy SMS for a few francs is noise). */
    minBalanceXof: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000_000 })),
    /** After this step the scenario sends nothing more (the file stays open for the agent). */
    stop: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type ScenarioStep = Static<typeof scenarioStepSchema>;

export const scenarioStepsSchema = Type.Array(scenarioStepSchema, { minItems: 1, maxItems: 12 });

/** Why these steps are not a usable scenario (in French), or null. The schema is checked first by the caller. */
export function scenarioProblem(steps: readonly ScenarioStep[]): string | null {
  const keys = new Set(steps.map((s) => s.key));
  if (keys.size !== steps.length) return 'Deux étapes portent la même clé.';
  for (const step of steps) {
    if (step.action === 'remind' && step.channels.length === 0)
      return `L’étape « ${step.key} » relance sans canal : choisissez SMS, notification ou e-mail.`;
    if (step.action !== 'remind' && step.channels.length > 0)
      return `L’étape « ${step.key} » n’envoie rien au débiteur : elle ne prend pas de canal.`;
  }
  for (let i = 1; i < steps.length; i++)
    if ((steps[i]?.offsetDays ?? 0) <= (steps[i - 1]?.offsetDays ?? 0))
      return 'Les étapes vont dans l’ordre des jours, sans deux étapes le même jour.';
  return null;
}

/** The scenario every creditor starts with (research: Odoo follow-up levels, OCA credit control). */
export const defaultScenarioSteps: readonly ScenarioStep[] = [
  {
    key: 'courtesy',
    offsetDays: -3,
    action: 'remind',
    channels: ['sms'],
    textFr: '{creditor} : rappel amical, {total} arrivent à échéance dans 3 jours. Payer : {link}',
    textEn: '{creditor}: a friendly reminder, {total} falls due in 3 days. Pay: {link}',
  },
  {
    key: 'd1',
    offsetDays: 1,
    action: 'remind',
    channels: ['sms', 'push'],
    textFr: '{creditor} : {total} restent dus ({files}). Payer : {link}',
    textEn: '{creditor}: {total} is still due ({files}). Pay: {link}',
  },
  {
    key: 'd7',
    offsetDays: 7,
    action: 'remind',
    channels: ['email'],
    textFr:
      'Sauf erreur de notre part, {total} restent dus à {creditor} ({files}). Vous pouvez payer ou proposer un échéancier ici : {link}',
    textEn: 'Unless we are mistaken, {total} is still due to {creditor} ({files}). Pay or propose a plan here: {link}',
  },
  {
    key: 'd15',
    offsetDays: 15,
    action: 'call_task',
    channels: [],
    textFr: 'Appeler {debtor} : {total} dus ({files}).',
    textEn: 'Call {debtor}: {total} due ({files}).',
  },
  {
    key: 'd30',
    offsetDays: 30,
    action: 'letter',
    channels: [],
    textFr: 'Mise en demeure de payer {total} ({files}) sous huit jours.',
    textEn: 'Formal notice to pay {total} ({files}) within eight days.',
  },
  {
    key: 'd45',
    offsetDays: 45,
    action: 'legal',
    channels: [],
    textFr: 'Transmission au contentieux : {total} ({files}).',
    textEn: 'Handed to legal: {total} ({files}).',
    stop: true,
  },
];

/** Fills a step's text; unknown braces stay as written. */
export function fillScenarioText(
  text: string,
  values: { creditor: string; debtor: string; total: string; files: string; link: string },
): string {
  return text.replace(/\{(creditor|debtor|total|files|link)\}/g, (_, name: keyof typeof values) => values[name]);
}
