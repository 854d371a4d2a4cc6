/**
 * The reminder engine's decisions, as pure functions (no database, no clock of their own) so they can be
 * property-tested alone: which scenario steps of a file are due on an Abidjan day, which one step speaks for a debtor's
 * consolidated reminder, and what happens on each channel under the contact policy (opt-outs, addresses, the SMS caps).
 * The engine (engine.ts, engine-send.ts) feeds them rows read under locks and writes what they answer.
 */
import { smsAllowed, type ReminderChannel, type ScenarioStep } from '@ismail/shared';

export interface PlanFile {
  readonly id: string;
  /** YYYY-MM-DD */
  readonly dueOn: string;
  readonly leftXof: number;
  readonly steps: readonly ScenarioStep[];
  /** Keys of the steps already behind this file (collection_file_steps). */
  readonly done: ReadonlySet<string>;
}

export interface FileDueSteps {
  /** `remind` steps due and not done: all marked done by the day's one reminder, the latest speaks. */
  readonly remind: readonly ScenarioStep[];
  /** Creditor-side steps (call task, letter, legal) due and not done, oldest first: each runs once. */
  readonly creditor: readonly ScenarioStep[];
}

const dayMs = 86_400_000;

export const plusDays = (day: string, days: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * dayMs).toISOString().slice(0, 10);

/** The steps that exist for a file: up to and including the first `stop` step (after it the scenario is silent). */
export function liveSteps(steps: readonly ScenarioStep[]): readonly ScenarioStep[] {
  const stop = steps.findIndex((s) => s.stop === true);
  return stop === -1 ? steps : steps.slice(0, stop + 1);
}

/** A file's steps due on `today` (YYYY-MM-DD): reached (due date + offset), not done, balance at least the minimum. */
export function dueSteps(file: PlanFile, today: string): FileDueSteps {
  const remind: ScenarioStep[] = [];
  const creditor: ScenarioStep[] = [];
  if (file.leftXof <= 0) return { remind, creditor };
  for (const step of liveSteps(file.steps)) {
    if (file.done.has(step.key)) continue;
    if (plusDays(file.dueOn, step.offsetDays) > today) continue;
    if (step.minBalanceXof !== undefined && file.leftXof < step.minBalanceXof) continue;
    (step.action === 'remind' ? remind : creditor).push(step);
  }
  return { remind, creditor };
}

export interface ReminderPlan {
  /** The step whose text and channels the consolidated reminder uses: the most advanced one due. */
  readonly step: ScenarioStep;
  readonly fileId: string;
  /** Per file, the remind steps this reminder puts behind it (the skipped-past ones too: no burst on day 40). */
  readonly stepsByFile: ReadonlyMap<string, readonly string[]>;
}

/** The day's one reminder for a debtor's files of one creditor, or null when no `remind` step is due. */
export function planReminder(files: readonly PlanFile[], today: string): ReminderPlan | null {
  let best: { step: ScenarioStep; fileId: string; day: string } | null = null;
  const stepsByFile = new Map<string, string[]>();
  for (const file of files) {
    const { remind } = dueSteps(file, today);
    if (remind.length === 0) continue;
    stepsByFile.set(
      file.id,
      remind.map((s) => s.key),
    );
    for (const step of remind) {
      const day = plusDays(file.dueOn, step.offsetDays);
      const better =
        best === null ||
        step.offsetDays > best.step.offsetDays ||
        (step.offsetDays === best.step.offsetDays && day > best.day);
      if (better) best = { step, fileId: file.id, day };
    }
  }
  return best === null ? null : { step: best.step, fileId: best.fileId, stepsByFile };
}

export type AttemptStatus = 'queued' | 'skipped_opt_out' | 'skipped_cap' | 'skipped_no_address' | 'failed';

export interface ChannelFacts {
  readonly now: Date;
  /** The debtor's "stop" per channel (collection_opt_outs, and an account's notification preferences). */
  readonly optedOut: ReadonlySet<ReminderChannel>;
  /** The debtor's own address per channel (never anyone else's); null or absent: none. */
  readonly addresses: Readonly<Partial<Record<ReminderChannel, string | null>>>;
  /** Channels the cloud can send on (configured providers; push for an account always reaches the app). */
  readonly configured: ReadonlySet<ReminderChannel>;
  /** Instants of the SMS already sent or queued to this debtor, by any creditor. */
  readonly smsSentAt: readonly Date[];
}

export interface ChannelDecision {
  readonly channel: ReminderChannel;
  readonly status: AttemptStatus;
  readonly destination: string | null;
  readonly detail: string | null;
}

/** What happens on each channel of a reminder: the caps and opt-outs are decided here, nowhere else. */
export function decideChannels(channels: readonly ReminderChannel[], facts: ChannelFacts): ChannelDecision[] {
  return channels.map((channel) => {
    const destination = facts.addresses[channel] ?? null;
    if (facts.optedOut.has(channel))
      return { channel, status: 'skipped_opt_out', destination, detail: 'le débiteur a refusé ce canal' };
    if (destination === null)
      return { channel, status: 'skipped_no_address', destination, detail: 'aucune adresse pour ce canal' };
    if (!facts.configured.has(channel))
      return { channel, status: 'failed', destination, detail: 'canal non configuré' };
    if (channel === 'sms' && !smsAllowed(facts.now, facts.smsSentAt))
      return { channel, status: 'skipped_cap', destination, detail: 'plafond SMS atteint (1 par jour, 3 en 7 jours)' };
    return { channel, status: 'queued', destination, detail: null };
  });
}

/** "+225 07 •• •• •• 12", "k•••@example.ci": an attempt's log never holds a whole address. */
export function maskDestination(channel: ReminderChannel, destination: string | null): string | null {
  if (destination === null) return null;
  if (channel === 'email') {
    const at = destination.indexOf('@');
    return at < 1 ? '•••' : `${destination.slice(0, 1)}•••${destination.slice(at)}`.slice(0, 120);
  }
  if (channel === 'sms') return `${destination.slice(0, 4)} •• •• •• ${destination.slice(-2)}`;
  return 'appareil enregistré';
}
