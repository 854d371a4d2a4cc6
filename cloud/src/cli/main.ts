/**
 * `ismail`: the operator CLI. Commands talk to a running cloud (and hub) over their HTTP
 * APIs, never to databases directly, so they obey the same permissions and audit as
 * everyone. Exit status: 0 success, 1 failure (what failed is printed), 2 bad usage.
 * Later issues add commands here (card, ledger, audit, invoice, hub, device).
 */
import { parseArgs } from 'node:util';
import { cloudVersion } from '../version.js';

const usage = `ismail — operator commands for a running ISMAIL cloud and hub

Usage: npx ismail <command> [options]

Commands:
  health            Check the cloud's and the hub's /health (exit 1 if either is not ok)
  openapi           Print the cloud's OpenAPI document
  version           Print this CLI's version
  help              Show this help

Options:
  --cloud-url URL   Cloud API (default: $ISMAIL_CLOUD_URL or http://127.0.0.1:8080)
  --hub-url URL     Hub API (default: $ISMAIL_HUB_URL or http://127.0.0.1:8090)
  --timeout-ms N    Give up on a request after N ms (default 5000)
  -h, --help        Show this help
`;

export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
}

async function getJson(url: string, timeoutMs: number): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json' } });
  const body: unknown = await response.json();
  return { status: response.status, body };
}

function describeFailure(error: unknown): string {
  const cause = (error as { cause?: { code?: string } }).cause;
  if (cause?.code === 'ECONNREFUSED') return 'nothing is listening there (is `npm start` running?)';
  if ((error as Error).name === 'TimeoutError') return 'no answer in time';
  return (error as Error).message;
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        'cloud-url': { type: 'string' },
        'hub-url': { type: 'string' },
        'timeout-ms': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    io.err(`ismail: ${(error as Error).message}\n\n${usage}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const command = values.help === true ? 'help' : (positionals[0] ?? 'help');
  const cloudUrl = (values['cloud-url'] ?? io.env.ISMAIL_CLOUD_URL ?? 'http://127.0.0.1:8080').replace(/\/+$/, '');
  const hubUrl = (values['hub-url'] ?? io.env.ISMAIL_HUB_URL ?? 'http://127.0.0.1:8090').replace(/\/+$/, '');
  const timeoutMs = Number(values['timeout-ms'] ?? '5000');
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > 600_000) {
    io.err('ismail: --timeout-ms must be an integer from 1 to 600000\n');
    return 2;
  }

  switch (command) {
    case 'help':
      io.out(usage);
      return 0;
    case 'version':
      io.out(`${cloudVersion}\n`);
      return 0;
    case 'openapi': {
      try {
        const { status, body } = await getJson(`${cloudUrl}/openapi.json`, timeoutMs);
        if (status !== 200) {
          io.err(`ismail: ${cloudUrl}/openapi.json answered HTTP ${String(status)}\n`);
          return 1;
        }
        io.out(`${JSON.stringify(body, null, 2)}\n`);
        return 0;
      } catch (error) {
        io.err(`ismail: cloud at ${cloudUrl}: ${describeFailure(error)}\n`);
        return 1;
      }
    }
    case 'health': {
      let allOk = true;
      for (const [name, base] of [['cloud', cloudUrl], ['hub', hubUrl]] as const) {
        try {
          const { status, body } = await getJson(`${base}/health`, timeoutMs);
          const report = body as { status?: string; version?: string; checks?: { name: string; ok: boolean; detail: string }[] };
          const ok = status === 200 && report.status === 'ok';
          allOk &&= ok;
          const checks = (report.checks ?? []).map((c) => `${c.name} ${c.ok ? 'ok' : 'FAILED'} (${c.detail})`).join('; ');
          io.out(`${name.padEnd(5)} ${ok ? 'ok      ' : 'DEGRADED'} ${base} v${report.version ?? '?'} — ${checks}\n`);
        } catch (error) {
          allOk = false;
          io.out(`${name.padEnd(5)} DOWN     ${base} — ${describeFailure(error)}\n`);
        }
      }
      return allOk ? 0 : 1;
    }
    default:
      io.err(`ismail: unknown command "${command.slice(0, 40)}"\n\n${usage}`);
      return 2;
  }
}
