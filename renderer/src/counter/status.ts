/**
 * Turns the hub's health report into what counter staff read (French first).
 * Pure, so it is tested without a browser.
 */
import type { HealthReport } from '@ismail/shared';

export type HubState =
  | { kind: 'loading' }
  | { kind: 'unreachable'; detail: string }
  | { kind: 'report'; report: HealthReport };

export interface StatusView {
  readonly tone: 'ok' | 'warning' | 'error' | 'neutral';
  readonly title: string;
  readonly lines: readonly string[];
}

export function statusView(state: HubState): StatusView {
  switch (state.kind) {
    case 'loading':
      return { tone: 'neutral', title: 'Connexion au hub…', lines: [] };
    case 'unreachable':
      return { tone: 'error', title: 'Hub injoignable', lines: [`Le service du guichet ne répond pas (${state.detail}).`] };
    case 'report': {
      const failing = state.report.checks.filter((c) => !c.ok);
      return state.report.status === 'ok'
        ? { tone: 'ok', title: 'Guichet prêt', lines: [`Hub ${state.report.version}, stockage local sûr.`] }
        : { tone: 'warning', title: 'Guichet dégradé', lines: failing.map((c) => `${c.name} : ${c.detail}`) };
    }
  }
}
