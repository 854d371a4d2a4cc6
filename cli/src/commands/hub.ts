/**
 * `ismail hub register <partner id> <name>`: a hub and its one-time pairing code (cloud).
 * `ismail hub list`: every hub's sync state (cloud).
 * `ismail hub status`: this counter's sync health (the local hub).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { HubSyncStatus } from '@ismail/shared';
import { callApi, callOk, CliFailure, type CliContext } from '../context.js';

export interface HubMaintenanceFlags {
  readonly out?: string | undefined;
  readonly passphraseFile?: string | undefined;
  readonly hubId?: string | undefined;
  readonly wipe?: boolean;
}

/**
 * Where the hub keeps its admin token under a data folder: the hub writes it to
 * `<its ISMAIL_DATA_DIR>/hub/admin-token`, and `npm start` gives the hub the same data folder as
 * the CLI, so that path comes first. `<dir>/hub/hub/admin-token` is a hub started with
 * `<dir>/hub` as its own data folder (what this CLI used to look for only).
 */
export function hubAdminTokenFiles(dataDir: string): readonly string[] {
  return [path.resolve(dataDir, 'hub', 'admin-token'), path.resolve(dataDir, 'hub', 'hub', 'admin-token')];
}

/** The hub's machine-administrator token: environment, else the hub's data folder on this machine. */
export function hubAdminToken(context: CliContext): string {
  const fromEnv = context.io.env.ISMAIL_HUB_ADMIN_TOKEN;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  const files = hubAdminTokenFiles(context.io.env.ISMAIL_DATA_DIR ?? '.data');
  const file = files.find((candidate) => existsSync(candidate));
  if (file === undefined)
    throw new CliFailure(
      `this command needs the hub admin token: run it on the hub machine (looked in ${files.join(' and ')}), or set ISMAIL_HUB_ADMIN_TOKEN`,
    );
  return readFileSync(file, 'utf8').trim();
}

/** A passphrase is read from a file, never from the command line (other users see arguments in ps). */
function passphrase(file: string | undefined): string {
  if (file === undefined)
    throw new CliFailure('--passphrase-file is required (a file holding the bundle passphrase, 12 characters or more)');
  return readFileSync(file, 'utf8').replace(/\r?\n$/, '');
}

export async function hubCall(
  context: CliContext,
  route: string,
  init: { body: string | Buffer; contentType: string; headers?: Record<string, string> },
): Promise<Response> {
  try {
    return await fetch(`${context.hubUrl}${route}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${hubAdminToken(context)}`, 'content-type': init.contentType, ...init.headers },
      body: init.body,
      signal: AbortSignal.timeout(Math.max(context.timeoutMs, 60_000)),
    });
  } catch (error) {
    if (error instanceof CliFailure) throw error;
    throw new CliFailure(`${context.hubUrl} — ${(error as Error).message}`);
  }
}

export async function failure(response: Response): Promise<CliFailure> {
  const body = (await response.json().catch(() => undefined)) as
    { error?: { code?: string; message?: string } } | undefined;
  return new CliFailure(
    body?.error === undefined
      ? `HTTP ${String(response.status)}`
      : `${body.error.code ?? 'ERROR'}: ${body.error.message ?? ''}`,
  );
}

export async function hubCommand(
  context: CliContext,
  args: readonly string[],
  flags: HubMaintenanceFlags = {},
): Promise<number> {
  const [action, ...rest] = args;
  if (action === 'export') {
    if (flags.out === undefined) throw new CliFailure('usage: ismail hub export --out FILE --passphrase-file F');
    const response = await hubCall(context, '/api/v1/maintenance/export', {
      body: JSON.stringify({ passphrase: passphrase(flags.passphraseFile) }),
      contentType: 'application/json',
    });
    if (response.status !== 200) throw await failure(response);
    writeFileSync(flags.out, Buffer.from(await response.arrayBuffer()), { mode: 0o600, flag: 'wx' });
    context.io.out(
      `bundle ${response.headers.get('x-bundle-id') ?? ''}: ${response.headers.get('x-bundle-operations') ?? '?'} unsynced operations sealed in ${flags.out}\n`,
    );
    return 0;
  }
  if (action === 'unpair') {
    if (flags.hubId === undefined) throw new CliFailure('usage: ismail hub unpair --hub-id ID [--wipe]');
    const response = await hubCall(context, '/api/v1/maintenance/unpair', {
      body: JSON.stringify({ hubId: flags.hubId, wipe: flags.wipe === true }),
      contentType: 'application/json',
    });
    if (response.status !== 200) throw await failure(response);
    context.io.out(`hub ${flags.hubId} ${flags.wipe === true ? 'unpaired and wiped' : 'unpaired'}\n`);
    return 0;
  }
  if (action === 'import') {
    const [file] = rest;
    if (file === undefined) throw new CliFailure('usage: ismail hub import FILE --passphrase-file F');
    const response = await hubCall(context, '/api/v1/maintenance/import', {
      body: readFileSync(file),
      contentType: 'application/octet-stream',
      headers: { 'x-bundle-passphrase': passphrase(flags.passphraseFile) },
    });
    if (response.status !== 200) throw await failure(response);
    const imported = (await response.json()) as { operations: number; lastSeq: number };
    context.io.out(
      `imported ${String(imported.operations)} operations; this hub continues after sequence ${String(imported.lastSeq)}\n`,
    );
    return 0;
  }
  if (action === 'register') {
    const [partnerId, ...nameWords] = rest;
    if (partnerId === undefined || nameWords.length === 0)
      throw new CliFailure('usage: ismail hub register <partner account id> <name>');
    const result = (await callOk(context, 'POST', '/v1/operator/hubs', {
      body: { partnerId, name: nameWords.join(' ') },
      operator: true,
    })) as { hub: { id: string }; pairingCode: string; expiresAt: string };
    context.io.out(
      `hub ${result.hub.id} registered; pairing code ${result.pairingCode} (single use, until ${result.expiresAt})\n`,
    );
    return 0;
  }
  if (action === 'list') {
    const result = (await callOk(context, 'GET', '/v1/operator/hubs', { operator: true })) as {
      hubs: {
        id: string;
        name: string;
        status: string;
        lastAppliedSeq: number;
        lastSeenAt: string | null;
        clockSkewMs: number | null;
      }[];
    };
    for (const h of result.hubs)
      context.io.out(
        `${h.id}  ${h.status.padEnd(8)} ${h.name.padEnd(24)} applied up to ${String(h.lastAppliedSeq)}, last seen ${h.lastSeenAt ?? 'never'}, clock skew ${h.clockSkewMs === null ? '?' : `${String(h.clockSkewMs)} ms`}\n`,
      );
    return 0;
  }
  if (action === 'status') {
    const { status, body } = await callApi(context, context.hubUrl, 'GET', '/api/v1/sync/status', {});
    if (status !== 200) throw new CliFailure(`the hub at ${context.hubUrl} answered HTTP ${String(status)}`);
    const s = body as HubSyncStatus;
    context.io.out(
      `${s.paired ? `hub ${s.hubId ?? ''}` : 'hub not paired'}: ${String(s.outboxDepth)} operations to sync${s.oldestUnsyncedAgeS === null ? '' : ` (oldest ${String(s.oldestUnsyncedAgeS)} s)`}, ${String(s.rejected)} rejected, last push ${s.lastPushAt ?? 'never'}${s.lastError === null ? '' : `, last error: ${s.lastError}`}, clock skew ${s.clockSkewMs === null ? '?' : `${String(s.clockSkewMs)} ms`}\n`,
    );
    return s.lastError === null ? 0 : 1;
  }
  throw new CliFailure(
    'usage: ismail hub register <partner id> <name> | hub list | hub status | hub export | hub unpair | hub import',
  );
}
