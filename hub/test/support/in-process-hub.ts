/**
 * The hub's HTTP app in the test's own process, over a freshly migrated SQLite database in a
 * temporary folder: the set-up of the suites that call its API with `inject` or a local listener.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildHubApp, type HubAppOptions } from '../../src/http/app.js';
import { migrateHubDatabase } from '../../src/store/migrate.js';
import { openHubDatabase, type HubDatabase } from '../../src/store/open.js';

export interface InProcessHub {
  readonly app: FastifyInstance;
  readonly db: HubDatabase;
  /** The temporary folder holding the database. */
  readonly dir: string;
}

/** Builds (and readies) the app; responses are checked against their schemas and logs are silent unless told. */
export async function inProcessHub(
  prefix: string,
  options: Omit<HubAppOptions, 'db' | 'counterAppDir' | 'logLevel'> & { logLevel?: string },
): Promise<InProcessHub> {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  const db = openHubDatabase(path.join(dir, 'hub.sqlite'));
  migrateHubDatabase(db);
  const app = await buildHubApp({
    responseCheck: 'throw',
    db,
    counterAppDir: path.join(dir, 'none'),
    logLevel: 'silent',
    ...options,
  });
  await app.ready();
  return { app, db, dir };
}

/** Adds the simulated network printer listening on `port` as an 80 mm TCP printer; answers the status code. */
export async function addTcpPrinter(
  app: FastifyInstance,
  headers: Record<string, string>,
  printer: { id: string; port: number },
): Promise<number> {
  const added = await app.inject({
    method: 'POST',
    url: '/api/v1/printers',
    headers,
    payload: { id: printer.id, name: 'Caisse 1', transport: 'tcp', host: '127.0.0.1', port: printer.port, widthMm: 80 },
  });
  return added.statusCode;
}

/** Reads every 50 ms until `done` holds or `timeoutMs` passes; answers the last value read. */
export async function until<T>(
  read: () => T | Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
