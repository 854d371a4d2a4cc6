/**
 * The simulated printer's faults over HTTP, for tests that run the simulator as its own
 * process and cannot call `setFaults` (the browser tests: the renderer never imports
 * firmware-sim). `GET /faults` answers the faults in force; `PUT /faults` changes some of
 * them with the same fields as `setFaults`, e.g. `{"dropAfterBytes": 120}` cuts every job
 * mid-way as a flaky printer does, `{"dropAfterBytes": null}` heals it.
 *
 * Off unless PRINTER_SIM_CONTROL_PORT is set (main.ts); it listens where the printer does.
 * Owns: checking a change field by field. Must never print, nor touch the jobs.
 */
import { isRecord, listen, parseJson, readBody, sendJson, sendText, type Listening } from '../payments/http.js';
import { faultControlBodyMaxBytes } from './limits.js';
import type { NetworkPrinter, PrinterFaults } from './network-printer.js';

type Check = (value: unknown) => boolean;

const wholeOrNull: Check = (value) =>
  value === null || (typeof value === 'number' && Number.isSafeInteger(value) && value >= 1);
const fieldChecks: Readonly<Record<keyof PrinterFaults, Check>> = {
  paper: (value) => value === 'ok' || value === 'near-end' || value === 'out',
  coverOpen: (value) => typeof value === 'boolean',
  offline: (value) => value === null || value === 'refuse' || value === 'drop',
  printBytesPerSecond: wholeOrNull,
  dropAfterBytes: wholeOrNull,
  drawerOpen: (value) => typeof value === 'boolean',
};

/** The change as asked, or the first field that is unknown or has a wrong value. */
export function faultChange(
  body: unknown,
): { ok: true; change: Partial<PrinterFaults> } | { ok: false; problem: string } {
  if (!isRecord(body)) return { ok: false, problem: 'the body must be a JSON object of faults' };
  for (const [field, value] of Object.entries(body)) {
    const check = (fieldChecks as Readonly<Record<string, Check | undefined>>)[field];
    if (check === undefined)
      return { ok: false, problem: `unknown fault ${field}: one of ${Object.keys(fieldChecks).join(', ')}` };
    if (!check(value)) return { ok: false, problem: `${field} has a value it cannot take` };
  }
  // Every field was checked above against the type it must have.
  return { ok: true, change: body };
}

export async function startFaultControl(
  printer: Pick<NetworkPrinter, 'faults' | 'setFaults'>,
  options: { readonly host: string; readonly port: number },
): Promise<Listening> {
  return listen(options.host, options.port, async (request, response) => {
    const path = new URL(request.url ?? '/', 'http://printer').pathname;
    if (path !== '/faults') {
      sendText(response, 404, `No route ${request.method ?? ''} ${path}: GET or PUT /faults.`);
      return;
    }
    if (request.method === 'GET') {
      sendJson(response, 200, printer.faults);
      return;
    }
    if (request.method !== 'PUT') {
      sendText(response, 405, 'GET or PUT /faults.', { allow: 'GET, PUT' });
      return;
    }
    const body = await readBody(request, faultControlBodyMaxBytes);
    const change = body.ok
      ? faultChange(parseJson(body.text))
      : { ok: false as const, problem: `the body is over ${String(faultControlBodyMaxBytes)} bytes` };
    if (!change.ok) {
      sendText(response, 400, change.problem);
      return;
    }
    await printer.setFaults(change.change);
    sendJson(response, 200, printer.faults);
  });
}
