/**
 * The embedded PostgreSQL: PGlite (PostgreSQL compiled to WebAssembly) served over a
 * loopback TCP socket so the cloud talks to it with the same `pg` client as to a server.
 *
 * Must never listen on anything but 127.0.0.1: it has no authentication.
 */
import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedPostgres {
  readonly host: string;
  readonly port: number;
  stop(): Promise<void>;
}

export async function startEmbeddedPostgres(dataDir: string): Promise<EmbeddedPostgres> {
  const inMemory = dataDir.startsWith('memory://');
  if (!inMemory) await mkdir(dataDir, { recursive: true });
  // The extensions the migrations create (Services: an exclusion constraint over time ranges, accent-free search).
  const extensions = { btree_gist, unaccent };
  const db = await PGlite.create(inMemory ? { extensions } : { dataDir, extensions });
  const host = '127.0.0.1';
  // Two slots although the pool uses one connection: pg-pool destroys a client after a
  // failed query and reconnects at once, and with one slot the new connection is refused
  // while the old socket is still closing ("Connection terminated unexpectedly" on the
  // next query). The pool's max of 1 still keeps a single connection active at a time.
  const server = new PGLiteSocketServer({ db, host, port: 0, maxConnections: 2 });
  await server.start();
  const port = listeningPort(server);
  return {
    host,
    port,
    stop: async () => {
      await server.stop();
      await db.close();
    },
  };
}

function listeningPort(server: PGLiteSocketServer): number {
  // The server exposes its bound address through getServerConn(); port 0 asked the OS to choose.
  const address = server.getServerConn();
  const match = /:(\d+)$/.exec(address);
  if (match?.[1] === undefined) throw new Error(`embedded PostgreSQL did not report a TCP port (${address})`);
  return Number(match[1]);
}
