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
  context.io.out(`audit log BROKEN at entry ${String(result.brokenAtSeq)}: ${result.problem} (${String(result.entries)} entries before it verify)\n`);
  return 1;
}

export async function keysCommand(context: CliContext, args: readonly string[]): Promise<number> {
  const purpose = args[1];
  if (args[0] !== 'rotate' || (purpose !== 'card' && purpose !== 'access')) throw new CliFailure('usage: ismail keys rotate card|access');
  const rotated = (await callOk(context, 'POST', `/v1/operator/keys/${purpose}/rotate`, { operator: true })) as { retiredKid?: string; activeKid: string };
  context.io.out(`${purpose} key rotated: now signing with ${rotated.activeKid}${rotated.retiredKid === undefined ? '' : `; ${rotated.retiredKid} stays published until its tokens expire`}\n`);
  return 0;
}

export interface NewAccountOptions {
  readonly profile?: string | undefined;
  readonly email?: string | undefined;
  readonly firstName?: string | undefined;
  readonly lastName?: string | undefined;
  readonly password?: string | undefined;
}

export async function accountCommand(context: CliContext, args: readonly string[], options: NewAccountOptions = {}): Promise<number> {
  if (args[0] === 'create') {
    const { profile, email, firstName, lastName } = options;
    if (profile === undefined || email === undefined || firstName === undefined || lastName === undefined) {
      throw new CliFailure('usage: ismail account create --profile <profile> --email <email> --first-name <name> --last-name <name> [--password <password>]');
    }
    // Without --password a strong one is made and shown once; it is never stored in clear.
    const password = options.password ?? randomBytes(12).toString('base64url');
    const created = (await callOk(context, 'POST', '/v1/operator/accounts', { operator: true, body: { profile, email, firstName, lastName, password } })) as { id: string; status: string };
    context.io.out(`created ${profile} account ${created.id} (${created.status})${options.password === undefined ? `; initial password: ${password}` : ''}\n`);
    return 0;
  }
  if (args[0] !== 'list') throw new CliFailure('usage: ismail account list | create --profile … --email … --first-name … --last-name …');
  const { accounts } = (await callOk(context, 'GET', '/v1/operator/accounts?limit=500', { operator: true })) as {
    accounts: { id: string; profile: string; email: string; status: string; ismailId: string | null }[];
  };
  for (const a of accounts) context.io.out(`${a.id}  ${a.profile.padEnd(13)} ${a.status.padEnd(9)} ${(a.ismailId ?? '-').padEnd(16)}  ${a.email}\n`);
  return 0;
}
