/**
 * The counter app's first screen: the hub's state. Later issues add sign-in, sale,
 * credits, card desk and invoices around it.
 */
import { useEffect, useState } from 'react';
import type { HealthReport } from '@ismail/shared';
import { statusView, type HubState } from './status.js';

/** The counter shows a dead hub within this delay (SPEC: offline banner within 5 s). */
const pollIntervalMs = 3000;

export function StatusPanel({ state }: { state: HubState }) {
  const view = statusView(state);
  return (
    <section className={`status status-${view.tone}`} aria-live="polite">
      <h1>{view.title}</h1>
      {view.lines.map((line) => (
        <p key={line}>{line}</p>
      ))}
    </section>
  );
}

export function App() {
  const [state, setState] = useState<HubState>({ kind: 'loading' });
  useEffect(() => {
    let cancelled = false;
    const poll = async (): Promise<void> => {
      try {
        const response = await fetch('/health', { signal: AbortSignal.timeout(pollIntervalMs) });
        const report = (await response.json()) as HealthReport;
        if (!cancelled) setState({ kind: 'report', report });
      } catch (error) {
        if (!cancelled) setState({ kind: 'unreachable', detail: (error as Error).message });
      }
    };
    void poll();
    const timer = setInterval(() => void poll(), pollIntervalMs);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, []);
  return (
    <main>
      <StatusPanel state={state} />
    </main>
  );
}
