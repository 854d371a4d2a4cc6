/**
 * The devices' hub operations: an alarm raised by a shop device (`iot.alarm`: audited, so the
 * notification feeder tells the establishment's manager, and queued for the partner's
 * webhooks) and a device's state as its hub reports it (`iot.device`: the newest report wins).
 */
import { appendAudit } from '../../platform/audit/audit-log.js';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import type { HubOperationHandler } from '../hubs/operation-registry.js';
import type { Webhooks } from '../webhooks/webhooks.js';

export function deviceHubOperations(deps: {
  db: Database;
  webhooks?: Webhooks;
}): [HubOperationHandler<'iot.alarm'>, HubOperationHandler<'iot.device'>] {
  const alarm: HubOperationHandler<'iot.alarm'> = {
    type: 'iot.alarm',
    describes: 'a device alarm',
    apply: async (hub, op) => {
      const a = op.payload;
      await withTransaction(deps.db.pool, async (client) => {
        const detail = {
          deviceId: a.deviceId,
          deviceName: a.deviceName,
          kind: a.kind,
          at: a.at,
          ...(a.message === undefined ? {} : { message: a.message }),
        };
        await appendAudit(client, {
          actor: { label: `hub:${hub.id}` },
          action: 'device.alarm',
          subject: { type: 'hub', id: hub.id },
          place: `hub:${hub.id}`,
          detail,
        });
        await deps.webhooks?.enqueue(client, hub.partnerId, {
          id: `alarm:${hub.id}:${op.id}`,
          type: 'device.alarm',
          data: { hubId: hub.id, ...a },
        });
      });
      return { notified: true };
    },
  };
  const report: HubOperationHandler<'iot.device'> = {
    type: 'iot.device',
    describes: 'a device report',
    apply: async (hub, op) => {
      const d = op.payload;
      await withTransaction(deps.db.pool, async (client) => {
        const { rowCount } = await client.query(
          `INSERT INTO hub_devices (hub_id, device_id, partner_id, type, name, unit_id, state, cert_serial, cert_expires_at, last_seen_at, reported_seq)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
           ON CONFLICT (hub_id, device_id) DO UPDATE SET type = excluded.type, name = excluded.name, unit_id = excluded.unit_id, state = excluded.state, cert_serial = excluded.cert_serial,
             cert_expires_at = excluded.cert_expires_at, last_seen_at = GREATEST(hub_devices.last_seen_at, excluded.last_seen_at), reported_seq = excluded.reported_seq, updated_at = now()
           WHERE hub_devices.reported_seq < excluded.reported_seq`,
          [
            hub.id,
            d.deviceId,
            hub.partnerId,
            d.type,
            d.name,
            d.unitId,
            d.state,
            d.certSerial,
            d.certExpiresAt,
            d.lastSeenAt,
            op.seq,
          ],
        );
        const state = { hubId: hub.id, deviceId: d.deviceId, type: d.type, name: d.name, state: d.state };
        if (rowCount === 1)
          await deps.webhooks?.enqueue(client, hub.partnerId, {
            id: `state:${hub.id}:${op.id}`,
            type: 'device.state',
            data: state,
          });
      });
      return { state: d.state };
    },
  };
  return [alarm, report];
}
