/**
 * Match suggestions for bank lines (pure): a target whose reference appears in the line scores 100 (« même
 * référence »); otherwise the same amount within ± 7 days is a candidate, scored by the date gap and the similarity of
 * the payer's name (accents, case and word order ignored; Levenshtein on what is left). Best first, at most 3, each
 * with its reasons in French. The amount must match to the franc: a bank never rounds a transfer.
 */
import { distance } from 'fastest-levenshtein';

export type TargetType = 'invoice' | 'ledger';

export interface ScoringLine {
  readonly amountXof: number;
  readonly bookedOn: string;
  readonly reference: string;
  readonly label: string;
  readonly counterpartyName: string;
}

export interface ScoringTarget {
  readonly targetType: TargetType;
  readonly targetId: string;
  readonly label: string;
  /** Signed as it shows on the owner's bank statement (money in > 0). */
  readonly amountXof: number;
  readonly date: string;
  /** An invoice number or a movement's reference; empty when there is none. */
  readonly reference: string;
  readonly name: string;
}

export interface Suggestion {
  readonly targetType: TargetType;
  readonly targetId: string;
  readonly label: string;
  readonly amountXof: number;
  readonly date: string;
  readonly score: number;
  readonly reasons: string[];
}

export const dateWindowDays = 7;
export const maxSuggestions = 3;
// Below this, two names share too little to mean anything (e.g. « KONE » and « KOUAME »).
const nameThreshold = 0.6;
// Short references ("A1") would be found in any label by chance.
const minReferenceLength = 4;
const maxReferenceTokens = 8;

/** Upper case, accents dropped, every run of other characters one space: « f-2026/0012 » → "F 2026 0012". */
export function referenceKey(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, ' ')
    .trim();
}

// Civilities and company forms say nothing about who paid.
const noiseWords = new Set(['m', 'mr', 'mme', 'mlle', 'ets', 'sarl', 'sa', 'sas', 'ste', 'societe', 'et', 'de', 'du']);

/** Lower case, no accents, words sorted: « Kouassi Aya » and « AYA KOUASSI » are the same name. */
export function nameKey(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0 && !noiseWords.has(w))
    .sort()
    .join(' ');
}

/** 0–1: 1 for the same normalised name. */
export function nameSimilarity(a: string, b: string): number {
  const x = nameKey(a);
  const y = nameKey(b);
  if (x.length === 0 || y.length === 0) return 0;
  const longest = Math.max(x.length, y.length);
  return 1 - distance(x, y) / longest;
}

export function daysBetween(a: string, b: string): number {
  return Math.round(Math.abs(Date.parse(`${a}T00:00:00Z`) - Date.parse(`${b}T00:00:00Z`)) / 86_400_000);
}

const gapText = (days: number): string =>
  days === 0 ? 'même montant, même jour' : `même montant, ${String(days)} jour${days > 1 ? 's' : ''} d'écart`;

/** The targets searched for a statement, indexed once so each line costs a few look-ups, not a scan. */
export class TargetIndex {
  private readonly byReference = new Map<string, ScoringTarget[]>();
  private readonly byAmount = new Map<number, ScoringTarget[]>();

  constructor(targets: readonly ScoringTarget[]) {
    for (const t of targets) {
      const key = referenceKey(t.reference);
      if (key.replace(/ /g, '').length >= minReferenceLength) push(this.byReference, key, t);
      push(this.byAmount, t.amountXof, t);
    }
  }

  /** Best first, at most 3; `taken` are targets already matched by a line (never suggested again). */
  suggest(line: ScoringLine, taken: ReadonlySet<string> = new Set()): Suggestion[] {
    const found = new Map<string, Suggestion>();
    const free = (t: ScoringTarget) => !taken.has(`${t.targetType}:${t.targetId}`);
    for (const t of this.referencesIn(`${line.reference} ${line.label}`).filter(free)) {
      const reasons = ['même référence'];
      if (t.amountXof !== line.amountXof) reasons.push('montant différent');
      found.set(t.targetId, { ...view(t), score: t.amountXof === line.amountXof ? 100 : 90, reasons });
    }
    const payer = line.counterpartyName.trim() === '' ? line.label : line.counterpartyName;
    for (const t of (this.byAmount.get(line.amountXof) ?? []).filter(free)) {
      if (found.has(t.targetId)) continue;
      const gap = daysBetween(line.bookedOn, t.date);
      if (gap > dateWindowDays) continue;
      const reasons = [gapText(gap)];
      let score = 50 + Math.round((15 * (dateWindowDays - gap)) / dateWindowDays);
      const similarity = t.name === '' ? 0 : nameSimilarity(payer, t.name);
      if (similarity >= nameThreshold) {
        score += Math.round(34 * similarity);
        reasons.push(`nom similaire à ${String(Math.round(similarity * 100))} %`);
      }
      // Below a reference match whatever happens: only a reference names the target for sure.
      found.set(t.targetId, { ...view(t), score: Math.min(score, 99), reasons });
    }
    return [...found.values()]
      .sort(
        (a, b) =>
          b.score - a.score ||
          daysBetween(line.bookedOn, a.date) - daysBetween(line.bookedOn, b.date) ||
          a.targetId.localeCompare(b.targetId),
      )
      .slice(0, maxSuggestions);
  }

  /** Targets whose whole reference appears as consecutive words of the text (F-2026-0001 is not in F-2026-00010). */
  private referencesIn(text: string): ScoringTarget[] {
    const words = referenceKey(text).split(' ');
    const hits: ScoringTarget[] = [];
    for (let i = 0; i < words.length; i += 1)
      for (let n = 1; n <= maxReferenceTokens && i + n <= words.length; n += 1)
        hits.push(...(this.byReference.get(words.slice(i, i + n).join(' ')) ?? []));
    return [...new Set(hits)];
  }
}

function push<K>(map: Map<K, ScoringTarget[]>, key: K, target: ScoringTarget): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [target]);
  else list.push(target);
}

const view = (t: ScoringTarget) => ({
  targetType: t.targetType,
  targetId: t.targetId,
  label: t.label,
  amountXof: t.amountXof,
  date: t.date,
});
