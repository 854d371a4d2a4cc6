/** Debt collection, the lifecycle part (promises, plans, disputes, tasks, letters, legal, prescription). */
import type { FastifyInstance } from 'fastify';
import type { CloudAppOptions } from '../../platform/options.js';
import { LifecycleContext } from './lifecycle-context.js';
import { lifecycleJob } from './lifecycle-jobs.js';
import { lifecycleRoutes } from './lifecycle-routes.js';
import { taskRoutes } from './task-routes.js';

export async function registerDebtLifecycle(
  app: FastifyInstance,
  options: CloudAppOptions,
  publicUrl: string,
): Promise<void> {
  // The demo's test clock when there is one (browser tests move it), real time otherwise.
  const ctx = new LifecycleContext(
    options.db,
    app.notifications.service,
    publicUrl,
    options.testClock?.now ?? (() => new Date()),
  );
  await app.register(lifecycleRoutes(ctx));
  await app.register(taskRoutes(ctx));
  app.jobs.declare(lifecycleJob(ctx, options.testClock !== undefined));
}
