/** The shop's hub operations: counter sales, their credit notes, and RFID stock scans (with their webhook). */
import type { HubOperationHandler } from '../hubs/operation-registry.js';
import type { Webhooks } from '../webhooks/webhooks.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { hubCreditOperations } from './hub-credits.js';
import { hubSaleOperations, type HubSaleDeps } from './hub-sales.js';

export function shopHubOperations(
  deps: HubSaleDeps & { webhooks?: Webhooks },
): [HubOperationHandler<'shop.sale'>, HubOperationHandler<'shop.sale_credit'>, HubOperationHandler<'shop.stock_scan'>] {
  const stockScan: HubOperationHandler<'shop.stock_scan'> = {
    type: 'shop.stock_scan',
    describes: 'a stock scan',
    apply: (hub, op) =>
      withTransaction(deps.db.pool, async (client) => {
        const scan = op.payload;
        const result = await deps.shop.recordRfidScan(client, hub.partnerId, {
          hubPlace: `hub:${hub.id}`,
          reference: `${scan.deviceId}:${scan.scanId}`,
          productId: scan.productId,
          delta: scan.delta,
        });
        if (result.applied)
          await deps.webhooks?.enqueue(client, hub.partnerId, {
            id: `rfid:${hub.id}:${scan.deviceId}:${scan.scanId}`,
            type: 'device.rfid_scan',
            data: { hubId: hub.id, ...scan, quantityAfter: result.quantity },
          });
        return result;
      }),
  };
  return [hubSaleOperations(deps), hubCreditOperations(deps), stockScan];
}
