/**
 * `ismail device enroll <type> <name> [--unit ID]`: registers a device at the local hub and
 * prints its one-time enrolment code (the device then sends its CSR with it).
 * `ismail device list`: the hub's devices and their state.
 * `ismail device revoke <id> --reason "…"`: its certificate stops opening sessions at once.
 * All through the hub's API with the machine administrator's token.
 */
import { CliFailure, type CliContext } from '../context.js';
import { failure, hubAdminToken, hubCall } from './hub.js';

const deviceTypes = ['rfid_reader', 'door_lock', 'alarm', 'gps_tracker'];

export async function deviceCommand(
  context: CliContext,
  args: readonly string[],
  flags: { reason?: string | undefined; unit?: string | undefined },
): Promise<number> {
  const [action, ...rest] = args;
  if (action === 'enroll') {
    const [type, ...nameWords] = rest;
    if (type === undefined || !deviceTypes.includes(type) || nameWords.length === 0)
      throw new CliFailure(`usage: ismail device enroll <${deviceTypes.join('|')}> <name> [--unit <booking unit id>]`);
    const response = await hubCall(context, '/api/v1/devices', {
      body: JSON.stringify({
        type,
        name: nameWords.join(' '),
        ...(flags.unit === undefined ? {} : { unitId: flags.unit }),
      }),
      contentType: 'application/json',
    });
    if (response.status !== 201) throw await failure(response);
    const created = (await response.json()) as { device: { id: string }; enrolCode: string; expiresAt: string };
    context.io.out(
      `device ${created.device.id} registered; enrolment code ${created.enrolCode} (single use, until ${created.expiresAt}): the device posts its CSR with it to /api/v1/devices/${created.device.id}/enroll\n`,
    );
    return 0;
  }
  if (action === 'list') {
    let response: Response;
    try {
      response = await fetch(`${context.hubUrl}/api/v1/devices`, {
        headers: { authorization: `Bearer ${hubAdminToken(context)}` },
        signal: AbortSignal.timeout(context.timeoutMs),
      });
    } catch (error) {
      if (error instanceof CliFailure) throw error;
      throw new CliFailure(`${context.hubUrl} — ${(error as Error).message}`);
    }
    if (response.status !== 200) throw await failure(response);
    const { devices } = (await response.json()) as {
      devices: {
        id: string;
        type: string;
        name: string;
        state: string;
        certExpiresAt: string | null;
        lastSeenAt: string | null;
      }[];
    };
    for (const d of devices)
      context.io.out(
        `${d.id}  ${d.state.padEnd(8)} ${d.type.padEnd(12)} ${d.name.padEnd(24)} certificate until ${d.certExpiresAt ?? '-'}, last seen ${d.lastSeenAt ?? 'never'}\n`,
      );
    return 0;
  }
  if (action === 'revoke') {
    const [id] = rest;
    if (id === undefined || flags.reason === undefined)
      throw new CliFailure('usage: ismail device revoke <id> --reason "…"');
    const response = await hubCall(context, `/api/v1/devices/${encodeURIComponent(id)}/revoke`, {
      body: JSON.stringify({ reason: flags.reason }),
      contentType: 'application/json',
    });
    if (response.status !== 200) throw await failure(response);
    context.io.out(`device ${id} revoked\n`);
    return 0;
  }
  throw new CliFailure(
    'usage: ismail device enroll <type> <name> [--unit ID] | device list | device revoke <id> --reason "…"',
  );
}
