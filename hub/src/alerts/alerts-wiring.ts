/**
 * Sync health alerts (issue 28.5): the hub reports its health conditions (outbox age, dead
 * letters, revocation list age, printers out of paper, and its clock through the report's
 * time) to the cloud every minute, signed like every call to the cloud; the cloud opens and
 * clears incidents and notifies the manager and the agency chief once per incident. Wired from
 * app.ts. The hub decides nothing about who is told: it only says what it sees.
 */
import type { FastifyInstance } from 'fastify';
import type { HubAppOptions } from '../http/app.js';
import type { HubWiringSources } from '../lan/lan-wiring.js';
import { healthReport } from './health-report.js';
import { PaperWatch } from './paper-watch.js';

declare module '../http/app.js' {
  interface HubAppOptions {
    /** How often the health report goes to the cloud (default a minute; tests shorter). */
    readonly healthReportMs?: number;
    /** The clock durations in the report are measured with (tests move it); default Date.now. */
    readonly healthClock?: () => number;
  }
}

/** One minute: ten missed reports make the cloud's default silence threshold. */
export const healthReportEveryMsDefault = 60_000;
/** A report that has not been answered by then is abandoned; the next one follows a period later. */
const reportTimeoutMs = 10_000;

export interface HealthReporterState {
  lastSentAt: string | null;
  lastError: string | null;
  /** The incidents the cloud has open for this hub, as of its last answer. */
  open: string[];
}

declare module 'fastify' {
  interface FastifyInstance {
    healthReports: { readonly state: HealthReporterState; send(): Promise<void> };
  }
}

export function wireHealthAlerts(
  app: FastifyInstance,
  options: HubAppOptions,
  sources: HubWiringSources,
): Promise<void> {
  const nowMs = options.healthClock ?? Date.now;
  const paper = new PaperWatch(nowMs);
  sources.printing.queue.on('status', paper.onStatus);
  const { outbox, cardTrust, credentials } = sources.services;
  const state: HealthReporterState = { lastSentAt: null, lastError: null, open: [] };

  const send = async (): Promise<void> => {
    const paired = credentials.load();
    // Not paired: there is no cloud to tell, and nothing signs the report.
    if (paired === null) return;
    const report = healthReport(paired.hubId, { outbox, cardTrust, paper, nowMs, wallMs: Date.now });
    try {
      const response = await credentials.cloud.request('/v1/hubs/health-reports', {
        method: 'POST',
        body: JSON.stringify(report),
        signal: AbortSignal.timeout(reportTimeoutMs),
      });
      if (!response.ok)
        throw new Error(`health report: HTTP ${String(response.status)} ${(await response.text()).slice(0, 200)}`);
      const answer = (await response.json()) as { open?: unknown };
      state.open = Array.isArray(answer.open)
        ? answer.open.filter((k): k is string => typeof k === 'string').slice(0, 10)
        : [];
      state.lastSentAt = new Date().toISOString();
      state.lastError = null;
    } catch (error) {
      // The cloud unreachable is exactly when it cannot be told: its silence check covers that case.
      state.lastError = (error as Error).message.slice(0, 300);
    }
  };
  app.decorate('healthReports', { state, send });
  app.addHook('onReady', async () => {
    sources.scheduler.every({
      name: 'alerts.health-report',
      everyMs: options.healthReportMs ?? healthReportEveryMsDefault,
      run: send,
      runAtStart: true,
    });
  });
  return Promise.resolve();
}
