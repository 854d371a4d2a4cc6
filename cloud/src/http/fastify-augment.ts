/** What the cloud app decorates its Fastify instance with (typed for every plugin). */
import type { DebtFiles } from '../debt/debt-files.js';
import type { CardService } from '../cards/cards.js';
import type { Keyring } from '../keys/keyring.js';
import type { KycStore } from '../kyc/documents.js';
import type { Webhooks } from '../webhooks/webhooks.js';
import type { NotificationFeeder } from '../notifications/feeder.js';
import type { NotificationService } from '../notifications/service.js';
import type { MobileMoneyTopUps } from '../payments/top-ups.js';
import type { Ledger } from '../wallet/ledger.js';
import type { WalletOperations } from '../wallet/operations.js';
import type { BookingService } from '../commerce/booking.js';
import type { ShopService } from '../commerce/shop.js';
import type { JobScheduler } from '../platform/jobs/scheduler.js';

declare module 'fastify' {
  interface FastifyInstance {
    identity: { keyring: Keyring; cards: CardService; documents: KycStore };
    webhooks: Webhooks;
    wallet: { ledger: Ledger; operations: WalletOperations; topUps: MobileMoneyTopUps; debts: DebtFiles };
    commerce: { shop: ShopService; booking: BookingService };
    notifications: { service: NotificationService; feeder: NotificationFeeder };
    /** Every module's periodic jobs; `start()` is the process's call (server.ts). */
    jobs: JobScheduler;
  }
}
