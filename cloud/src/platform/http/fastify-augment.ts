/**
 * What the platform and the modules decorate the cloud's Fastify instance with (typed for
 * every plugin). A decoration exists once its module is registered: a module reads only
 * those of the modules it declares as dependencies.
 */
import type { BookingService } from '../../modules/booking/booking.js';
import type { CardService } from '../../modules/cards/cards.js';
import type { KycStore } from '../../modules/kyc/documents.js';
import type { NotificationFeeder } from '../../modules/notifications/feeder.js';
import type { NotificationService } from '../../modules/notifications/service.js';
import type { MobileMoneyTopUps } from '../../modules/payments/top-ups.js';
import type { ShopService } from '../../modules/shop/shop.js';
import type { DebtFiles } from '../../modules/wallet/overdraft-files.js';
import type { Ledger } from '../../modules/wallet/ledger.js';
import type { WalletOperations } from '../../modules/wallet/operations.js';
import type { Webhooks } from '../../modules/webhooks/webhooks.js';
import type { MasterKey } from '../crypto/sealed.js';
import type { Documents } from '../documents/types.js';
import type { Database } from '../db/database.js';
import type { JobQueues } from '../jobs/queues.js';
import type { JobScheduler } from '../jobs/scheduler.js';
import type { Keyring } from '../keys/keyring.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The platform's resources (platform/http/platform.ts). */
    platform: { db: Database; keyring: Keyring; masterKey: MasterKey; documents: KycStore; queues: JobQueues };
    /** Every module's periodic jobs; `start()` is the process's call (server.ts). */
    jobs: JobScheduler;
    cards: CardService;
    wallet: { ledger: Ledger; operations: WalletOperations; debts: DebtFiles };
    payments: { topUps: MobileMoneyTopUps };
    notifications: { service: NotificationService; feeder: NotificationFeeder };
    shop: ShopService;
    booking: BookingService;
    webhooks: Webhooks;
    /** Issue 27's document store, signed links and export jobs (modules/documents). */
    documents: Documents;
  }
}
