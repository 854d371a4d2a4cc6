/**
 * `ismail`: the operator CLI. Commands talk to a running cloud (and hub) over their HTTP
 * APIs, never to databases directly, so they go through the same checks and audit as
 * everyone. Exit status: 0 success, 1 failure (what failed is printed), 2 bad usage.
 */
import { parseArgs } from 'node:util';
import { cliVersion } from './version.js';
import { accountCommand, auditCommand, keysCommand, ledgerCommand } from './commands/admin.js';
import { cardCommand } from './commands/card.js';
import { hubCommand } from './commands/hub.js';
import { deviceCommand } from './commands/device.js';
import { invoiceCommand } from './commands/invoice.js';
import { launcherCloudCommand } from './commands/launcher.js';
import { callApi, CliFailure, findOperatorToken, type CliContext, type CliIo } from './context.js';

export type { CliIo } from './context.js';

const usage = `ismail — operator commands for a running ISMAIL cloud and hub

Usage: npx ismail <command> [options]

Commands:
  health                              Check the cloud's and the hub's /health (exit 1 if either is not ok)
  openapi                             Print the cloud's OpenAPI document
  card verify <jws-or-file>           Verify a card code (exit 0 only when valid; the reason otherwise)
  card export <ismail-id> [--format jws|pdf|a4|png|qr] [--out FILE]
                                      Export the card in force: the signed code, a card-sized
                                      or A4 PDF, a 600 dpi PNG, or the QR alone
  card issue <account-id>             Activate the account (ISMAIL ID) and issue or renew its card
  card suspend|reinstate|revoke <card-id> --reason "…"
  account list                        List accounts with their ISMAIL IDs
  account create --profile P --email E --first-name F --last-name L [--password X]
                                      Create an account (pending until KYC or 'card issue')
  audit verify                        Check the audit log's hash chain (exit 1 at the first broken entry)
  ledger check                        Verify every ledger invariant (balances re-derived from the
                                      transfers, sum zero, no overdraft, holds, digests) and print totals
  invoice export <number> --format pdf|ticket80|ticket58|xlsx|csv|escpos --out FILE [--issuer ID]
                                      Export an issued invoice
  hub register <partner id> <name>    Register a hub and print its one-time pairing code
  hub list                            Every hub's sync state (cloud)
  hub status                          This counter's sync health (local hub)
  hub export --out FILE --passphrase-file F
                                      Seal this hub's unsynced operations in an encrypted bundle
  hub unpair --hub-id ID [--wipe]     Unpair (and wipe) this hub: refused while unsynced operations
                                      are in no exported bundle
  hub import FILE --passphrase-file F On a replacement paired as the same hub: import a bundle
                                      (the hub admin token: $ISMAIL_HUB_ADMIN_TOKEN, else the file
                                      $ISMAIL_DATA_DIR/hub/admin-token on the hub's machine)
  device enroll <type> <name> [--unit ID]
                                      Register a device at this hub (rfid_reader, door_lock, alarm,
                                      gps_tracker) and print its one-time enrolment code
  device list                         This hub's devices, their state and certificates
  device revoke <id> --reason "…"     Revoke a device: its certificate stops working at once
  invoice archive YYYY-MM             Seal a finished month's invoices into the archive
  invoice archive-verify YYYY-MM      Open a month's archive, check every hash and the database
  keys rotate card|access             Rotate a signing key (old cards stay valid until they expire)
  cloud stop|start                    Under npm start: stop or start the cloud alone (the hub keeps
                                      selling offline, then drains its outbox)
  version                             Print this CLI's version
  help                                Show this help

Options:
  --cloud-url URL       Cloud API (default: $ISMAIL_CLOUD_URL or http://127.0.0.1:8080)
  --hub-url URL         Hub API (default: $ISMAIL_HUB_URL or http://127.0.0.1:8090)
  --operator-token T    For operator commands (default: $ISMAIL_OPERATOR_TOKEN, else the file
                        $ISMAIL_DATA_DIR/cloud/operator-token on the cloud's machine)
  --timeout-ms N        Give up on a request after N ms (default 5000)
  -h, --help            Show this help
`;

async function health(context: CliContext): Promise<number> {
  let allOk = true;
  for (const [name, base] of [
    ['cloud', context.cloudUrl],
    ['hub', context.hubUrl],
  ] as const) {
    try {
      const { status, body } = await callApi(context, base, 'GET', '/health');
      const report = body as {
        status?: string;
        version?: string;
        checks?: { name: string; ok: boolean; detail: string }[];
      };
      const ok = status === 200 && report.status === 'ok';
      allOk &&= ok;
      const checks = (report.checks ?? []).map((c) => `${c.name} ${c.ok ? 'ok' : 'FAILED'} (${c.detail})`).join('; ');
      context.io.out(
        `${name.padEnd(5)} ${ok ? 'ok      ' : 'DEGRADED'} ${base} v${report.version ?? '?'} — ${checks}\n`,
      );
    } catch (error) {
      allOk = false;
      context.io.out(`${name.padEnd(5)} DOWN     ${(error as Error).message}\n`);
    }
  }
  return allOk ? 0 : 1;
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
        'operator-token': { type: 'string' },
        'timeout-ms': { type: 'string' },
        reason: { type: 'string' },
        profile: { type: 'string' },
        email: { type: 'string' },
        'first-name': { type: 'string' },
        'last-name': { type: 'string' },
        password: { type: 'string' },
        format: { type: 'string' },
        out: { type: 'string' },
        issuer: { type: 'string' },
        'passphrase-file': { type: 'string' },
        'hub-id': { type: 'string' },
        wipe: { type: 'boolean' },
        unit: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    io.err(`ismail: ${(error as Error).message}\n\n${usage}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const timeoutMs = Number(values['timeout-ms'] ?? '5000');
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > 600_000) {
    io.err('ismail: --timeout-ms must be an integer from 1 to 600000\n');
    return 2;
  }
  const context: CliContext = {
    io,
    cloudUrl: (values['cloud-url'] ?? io.env.ISMAIL_CLOUD_URL ?? 'http://127.0.0.1:8080').replace(/\/+$/, ''),
    hubUrl: (values['hub-url'] ?? io.env.ISMAIL_HUB_URL ?? 'http://127.0.0.1:8090').replace(/\/+$/, ''),
    timeoutMs,
    operatorToken: findOperatorToken(values['operator-token'], io.env),
  };
  const [command = 'help', ...rest] = values.help === true ? ['help'] : positionals;
  try {
    switch (command) {
      case 'help':
        io.out(usage);
        return 0;
      case 'version':
        io.out(`${cliVersion}\n`);
        return 0;
      case 'health':
        return await health(context);
      case 'openapi': {
        const { status, body } = await callApi(context, context.cloudUrl, 'GET', '/openapi.json');
        if (status !== 200) throw new CliFailure(`${context.cloudUrl}/openapi.json answered HTTP ${String(status)}`);
        io.out(`${JSON.stringify(body, null, 2)}\n`);
        return 0;
      }
      case 'card':
        return await cardCommand(context, rest, values.reason, values.format ?? 'jws', values.out);
      case 'audit':
        return await auditCommand(context, rest);
      case 'keys':
        return await keysCommand(context, rest);
      case 'ledger':
        return await ledgerCommand(context, rest);
      case 'hub':
        return await hubCommand(context, rest, {
          out: values.out,
          passphraseFile: values['passphrase-file'],
          hubId: values['hub-id'],
          wipe: values.wipe === true,
        });
      case 'device':
        return await deviceCommand(context, rest, { reason: values.reason, unit: values.unit });
      case 'invoice':
        return await invoiceCommand(context, rest, values.format ?? 'pdf', values.out, values.issuer);
      case 'cloud':
        return await launcherCloudCommand(context, rest);
      case 'account':
        return await accountCommand(context, rest, {
          profile: values.profile,
          email: values.email,
          firstName: values['first-name'],
          lastName: values['last-name'],
          password: values.password,
        });
      default:
        io.err(`ismail: unknown command "${command.slice(0, 40)}"\n\n${usage}`);
        return 2;
    }
  } catch (error) {
    if (error instanceof CliFailure) {
      io.err(`ismail: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
