/**
 * One cloud for a suite: a fresh database (migrated, default rates seeded), an app built with
 * fresh secrets, and the people of ./people.ts signed in. The attack tests each opened theirs
 * with the very same block (open, migrate, seed, build, sign in; close app then database), so
 * it is written once here: a change to how a test cloud starts is made in one place. Options
 * other than the two below go to buildCloudApp as they are (a test clock, a trusted proxy, a
 * quieter log). openCounter (./hub-sales.ts) is the same start with a paired hub and a product.
 */
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../src/platform/db/database.js';
import { migrate } from '../../src/platform/db/migrate.js';
import { buildCloudApp, type CloudAppOptions } from '../../src/app.js';
import { seedDefaultRates } from '../../src/modules/wallet/rates.js';
import { testSecrets, type TestBackend } from './databases.js';
import { createPeople, type Person, type Signed } from './people.js';

export interface TestCloud {
  readonly db: Database;
  readonly app: FastifyInstance;
  readonly people: Record<Person, Signed>;
  /** The secrets the app was built with (a second app on the same database takes the same). */
  readonly secrets: ReturnType<typeof testSecrets>;
  /** Closes the app, then the database. */
  close(): Promise<void>;
}

export type TestCloudOptions = Partial<Omit<CloudAppOptions, 'db' | 'masterKey' | 'operatorToken' | 'kycDir'>> & {
  /** Seed the default exchange rates (default true); a suite that never converts money may skip it. */
  readonly seedRates?: boolean;
  /** Runs on the built app before its first request (the people's sign-ins make it ready), e.g. to add a route. */
  readonly beforeReady?: (app: FastifyInstance) => void | Promise<void>;
};

export async function openTestCloud(backend: TestBackend, options: TestCloudOptions = {}): Promise<TestCloud> {
  const { seedRates = true, beforeReady, ...appOptions } = options;
  const db = await backend.open();
  await migrate(db.pool);
  if (seedRates) await seedDefaultRates(db.pool);
  const secrets = testSecrets();
  const app = await buildCloudApp({
    db,
    logLevel: 'error',
    schemaCompilation: 'on-first-use',
    ...secrets,
    ...appOptions,
  });
  await beforeReady?.(app);
  const people = await createPeople(db, app, secrets.masterKey);
  return {
    db,
    app,
    people,
    secrets,
    close: async () => {
      await app.close();
      await db.close();
    },
  };
}
