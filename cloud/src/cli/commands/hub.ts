/**
 * `ismail hub register <partner id> <name>`: a hub and its one-time pairing code (cloud).
 * `ismail hub list`: every hub's sync state (cloud).
 * `ismail hub status`: this counter's sync health (the local hub).
 */
import { callApi, callOk, CliFailure, type CliContext } from '../context.js';

interface SyncStatus {
  paired: boolean;
  hubId: string | null;
  outboxDepth: number;
  oldestUnsyncedAgeS: number | null;
  rejected: number;
  lastPushAt: string | null;
  lastError: string | null;
  clockSkewMs: number | null;
}

export async function hubCommand(context: CliContext, args: readonly string[]): Promise<number> {
  const [action, ...rest] = args;
  if (action === 'register') {
    const [partnerId, ...nameWords] = rest;
    if (partnerId === undefined || nameWords.length === 0) throw new CliFailure('usage: ismail hub register <partner account id> <name>');
    const result = (await callOk(context, 'POST', '/v1/operator/hubs', { body: { partnerId, name: nameWords.join(' ') }, operator: true })) as { hub: { id: string }; pairingCode: string; expiresAt: string };
    context.io.out(`hub ${result.hub.id} registered; pairing code ${result.pairingCode} (single use, until ${result.expiresAt})\n`);
    return 0;
  }
  if (action === 'list') {
    const result = (await callOk(context, 'GET', '/v1/operator/hubs', { operator: true })) as { hubs: { id: string; name: string; status: string; lastAppliedSeq: number; lastSeenAt: string | null; clockSkewMs: number | null }[] };
    for (const h of result.hubs) context.io.out(`${h.id}  ${h.status.padEnd(8)} ${h.name.padEnd(24)} applied up to ${String(h.lastAppliedSeq)}, last seen ${h.lastSeenAt ?? 'never'}, clock skew ${h.clockSkewMs === null ? '?' : `${String(h.clockSkewMs)} ms`}\n`);
    return 0;
  }
  if (action === 'status') {
    const { status, body } = await callApi(context, context.hubUrl, 'GET', '/api/v1/sync/status', {});
    if (status !== 200) throw new CliFailure(`the hub at ${context.hubUrl} answered HTTP ${String(status)}`);
    const s = body as SyncStatus;
    context.io.out(
      `${s.paired ? `hub ${s.hubId ?? ''}` : 'hub not paired'}: ${String(s.outboxDepth)} operations to sync${s.oldestUnsyncedAgeS === null ? '' : ` (oldest ${String(s.oldestUnsyncedAgeS)} s)`}, ${String(s.rejected)} rejected, last push ${s.lastPushAt ?? 'never'}${s.lastError === null ? '' : `, last error: ${s.lastError}`}, clock skew ${s.clockSkewMs === null ? '?' : `${String(s.clockSkewMs)} ms`}\n`,
    );
    return s.lastError === null ? 0 : 1;
  }
  throw new CliFailure('usage: ismail hub register <partner id> <name> | hub list | hub status');
}
