/**
 * The Services flows in one place (decorated on the app as `services`): requests and quotes, appointments, escrow
 * and disputes, over one clock (tests move it) and one notifier.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../../platform/db/database.js';
import type { NotificationService } from '../notifications/service.js';
import type { WalletOperations } from '../wallet/operations.js';
import { ServiceAppointments } from './appointments.js';
import { ServiceDisputes } from './disputes.js';
import { ServiceEscrow } from './escrow.js';
import { servicesNotifier, type ServicesNotifier } from './notify.js';
import { ServiceRequests } from './requests.js';

export class ServicesFlows {
  readonly notifier: ServicesNotifier;
  readonly requests: ServiceRequests;
  readonly appointments: ServiceAppointments;
  readonly escrow: ServiceEscrow;
  readonly disputes: ServiceDisputes;

  constructor(
    readonly db: Database,
    ops: WalletOperations,
    notifications: NotificationService,
    publicUrl: string,
    readonly now: () => Date = () => new Date(),
    log?: FastifyBaseLogger,
  ) {
    this.notifier = servicesNotifier(notifications, publicUrl);
    this.requests = new ServiceRequests(db, this.notifier, now);
    this.appointments = new ServiceAppointments(db, ops, this.notifier, now);
    this.escrow = new ServiceEscrow(db, ops, this.notifier, now, log);
    this.disputes = new ServiceDisputes(db, ops, this.escrow, this.notifier, now);
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    services: ServicesFlows;
  }
}
