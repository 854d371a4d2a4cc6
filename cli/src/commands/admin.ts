/** `ismail audit verify`, `ismail keys rotate <card|access>`, `ismail account list`. */
import { randomBytes } from 'node:crypto';
import { callOk, CliFailure, type CliContext } from '../context.js';

export async function auditCommand(context: CliContext, args: readonly string[]): Promise<number> {
  if (args[0] !== 'verify') throw new CliFailure('usage: ismail audit verify');
  const result = (await callOk(context, 'GET', '/v1/operator/audit/verify', { operator: true })) as
    | { ok: true; entries: number; lastHash: string }
    | { ok: false; entries: number; brokenAtSeq: number; problem: string };
  if (result.ok) {
    context.io.out(`audit log OK: ${String(result.entries)} entries, chain head ${result.lastHash.slice(0, 16)}…\n`);
    return 0;
  }
  context.io.out(
    `audit log BROKEN at entry ${String(result.brokenAtSeq)}: ${result.problem} (${String(result.entries)} entries before it verify)\n`,
  );
  return 1;
}

interface LedgerReport {
  ok: boolean;
  problems: string[];
  totals: {
    accounts: number;
    operations: number;
    transfers: number;
    batches: number;
    sumOfBalances: number;
    sumOfPendingCredits: number;
    sumOfPendingDebits: number;
    byKind: Record<string, number>;
    openHolds: number;
    lapsedHoldsAwaitingExpiry: number;
  };
}

/** Centi-credits as credits with two decimals, grouped like "12 500.00". */
function credits(centi: number): string {
  const sign = centi < 0 ? '-' : '';
  const abs = Math.abs(centi);
  return `${sign}${Math.floor(abs / 100)
    .toLocaleString('fr-FR')
    .replace(/\s/g, ' ')}.${String(abs % 100).padStart(2, '0')}`;
}

export async function ledgerCommand(context: CliContext, args: readonly string[]): Promise<number> {
  if (args[0] !== 'check') throw new CliFailure('usage: ismail ledger check');
  const report = (await callOk(context, 'GET', '/v1/operator/ledger/check', { operator: true })) as LedgerReport;
  const t = report.totals;
  const out = context.io.out;
  out(
    `ledger ${report.ok ? 'OK' : 'BROKEN'}: ${String(t.accounts)} accounts, ${String(t.operations)} operations, ${String(t.transfers)} transfers in ${String(t.batches)} group commits\n`,
  );
  out(`  sum of all balances   ${credits(t.sumOfBalances)} credits (must be 0)\n`);
  out(
    `  pending holds         ${String(t.openHolds)} open, ${credits(t.sumOfPendingDebits)} credits held${t.lapsedHoldsAwaitingExpiry > 0 ? `, ${String(t.lapsedHoldsAwaitingExpiry)} lapsed awaiting expiry` : ''}\n`,
  );
  for (const [kind, balance] of Object.entries(t.byKind).sort(([a], [b]) => a.localeCompare(b)))
    out(`  ${kind.padEnd(21)} ${credits(balance)} credits\n`);
  for (const problem of report.problems) out(`  PROBLEM: ${problem}\n`);
  return report.ok ? 0 : 1;
}

export async function keysCommand(context: CliContext, args: readonly string[]): Promise<number> {
  const purpose = args[1];
  if (args[0] !== 'rotate' || (purpose !== 'card' && purpose !== 'access'))
    throw new CliFailure('usage: ismail keys rotate card|access');
  const rotated = (await callOk(context, 'POST', `/v1/operator/keys/${purpose}/rotate`, { operator: true })) as {
    retiredKid?: string;
    activeKid: string;
  };
  context.io.out(
    `${purpose} key rotated: now signing with ${rotated.activeKid}${rotated.retiredKid === undefined ? '' : `; ${rotated.retiredKid} stays published until its tokens expire`}\n`,
  );
  return 0;
}

export interface NewAccountOptions {
  readonly profile?: string | undefined;
  readonly email?: string | undefined;
  readonly firstName?: string | undefined;
  readonly lastName?: string | undefined;
  readonly password?: string | undefined;
}

export async function accountCommand(
  context: CliContext,
  args: readonly string[],
  options: NewAccountOptions = {},
): Promise<number> {
  if (args[0] === 'create') {
    const { profile, email, firstName, lastName } = options;
    if (profile === undefined || email === undefined || firstName === undefined || lastName === undefined) {
      throw new CliFailure(
        'usage: ismail account create --profile <profile> --email <email> --first-name <name> --last-name <name> [--password <password>]',
      );
    }
    // Without --password a strong one is made and shown once; it is never stored in clear.
    const password = options.password ?? randomBytes(12).toString('base64url');
    const created = (await callOk(context, 'POST', '/v1/operator/accounts', {
      operator: true,
      body: { profile, email, firstName, lastName, password },
    })) as { id: string; status: string };
    context.io.out(
      `created ${profile} account ${created.id} (${created.status})${options.password === undefined ? `; initial password: ${password}` : ''}\n`,
    );
    return 0;
  }
  if (args[0] !== 'list')
    throw new CliFailure('usage: ismail account list | create --profile … --email … --first-name … --last-name …');
  const { accounts } = (await callOk(context, 'GET', '/v1/operator/accounts?limit=500', { operator: true })) as {
    accounts: { id: string; profile: string; email: string; status: string; ismailId: string | null }[];
  };
  for (const a of accounts)
    context.io.out(
      `${a.id}  ${a.profile.padEnd(13)} ${a.status.padEnd(9)} ${(a.ismailId ?? '-').padEnd(16)}  ${a.email}\n`,
    );
  return 0;
}
