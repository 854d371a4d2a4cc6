// Proves counter staff read the hub's state in French, including a failing store.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { StatusPanel } from './App.js';
import { statusView } from './status.js';

const okReport = { status: 'ok', service: 'hub', version: '0.1.0', uptimeS: 5, checks: [{ name: 'store', ok: true, detail: 'SQLite', durationMs: 0 }] } as const;

describe('counter status', () => {
  it('says the counter is ready when the hub is healthy', () => {
    expect(statusView({ kind: 'report', report: { ...okReport, checks: [...okReport.checks] } })).toEqual({
      tone: 'ok',
      title: 'Guichet prêt',
      lines: ['Hub 0.1.0, stockage local sûr.'],
    });
  });

  it('names the failing check when degraded', () => {
    const view = statusView({
      kind: 'report',
      report: { ...okReport, status: 'degraded', checks: [{ name: 'store', ok: false, detail: 'disk I/O error', durationMs: 1 }] },
    });
    expect(view.tone).toBe('warning');
    expect(view.lines).toEqual(['store : disk I/O error']);
  });

  it('renders an unreachable hub as an error the staff can read', () => {
    const html = renderToStaticMarkup(<StatusPanel state={{ kind: 'unreachable', detail: 'Failed to fetch' }} />);
    expect(html).toContain('Hub injoignable');
    expect(html).toContain('status-error');
    expect(html).toContain('aria-live="polite"');
  });
});
