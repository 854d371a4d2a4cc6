/**
 * Several registers on one hub (issue 28.1): the LAN listener over HTTPS (certificate from the
 * hub's own CA), terminal pairing and per-terminal sessions and invoice series. Wired from
 * app.ts once the counter's services and desks exist. The routes are always there (the hub's
 * screen lists and revokes terminals); the HTTPS listener only when `options.lan` says where.
 */
import path from 'node:path';
import { isIP } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { HubAppOptions } from '../http/app.js';
import type { HubDesks, HubPrinting, HubSyncServices } from '../http/app-services.js';
import type { Scheduler } from '../platform/scheduler.js';
import { TerminalRegistry } from './terminal-registry.js';
import { terminalRoutes } from './terminal-routes.js';
import { certificateNames, lanAddresses, lanServerCertificate } from './server-certificate.js';
import { startLanListener, type LanListener } from './lan-listener.js';

export interface HubWiringSources {
  readonly services: HubSyncServices;
  readonly desks: HubDesks;
  readonly printing: HubPrinting;
  readonly scheduler: Scheduler;
}

declare module '../http/app.js' {
  interface HubAppOptions {
    /** The HTTPS listener for terminals on the shop LAN (none when absent: most in-process tests). */
    readonly lan?: { readonly host: string; readonly port: number };
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The address terminals open (https://<LAN address>:<port>), once listening; null when off. */
    lanUrl: () => string | null;
    terminals: TerminalRegistry;
  }
}

/** The address to show and put in the pairing QR: the configured one, else the machine's first LAN IPv4. */
function advertisedHost(host: string): string {
  if (isIP(host) !== 0 && host !== '0.0.0.0' && host !== '::') return host.includes(':') ? `[${host}]` : host;
  return lanAddresses().find((a) => isIP(a) === 4) ?? '127.0.0.1';
}

export async function wireLanTerminals(
  app: FastifyInstance,
  options: HubAppOptions,
  sources: HubWiringSources,
): Promise<void> {
  const { staff, auth } = sources.desks;
  const registry = new TerminalRegistry(
    options.db,
    staff,
    async () => (await sources.services.policies.current())?.register ?? null,
  );
  let listener: LanListener | null = null;
  let lanUrl: string | null = null;
  app.decorate('lanUrl', () => lanUrl);
  app.decorate('terminals', registry);
  await app.register(terminalRoutes({ auth, staff, registry, db: options.db, lanUrl: () => lanUrl }));
  const lan = options.lan;
  if (lan === undefined) return;
  app.addHook('onReady', async () => {
    // The counter on the hub's own screen works without the LAN: a listener that cannot start is logged, not fatal.
    try {
      const dir = options.iotDir ?? path.join(path.dirname(options.db.name), 'iot');
      const certificate = await lanServerCertificate(dir, certificateNames([lan.host]));
      listener = await startLanListener({
        app,
        registry,
        host: lan.host,
        port: lan.port,
        keyPem: certificate.keyPem,
        certificatePem: certificate.certificatePem,
      });
      lanUrl = `https://${advertisedHost(lan.host)}:${String(listener.port)}`;
      app.log.info({ url: lanUrl, names: certificate.names }, 'terminals listener (HTTPS, hub CA) ready');
    } catch (error) {
      app.log.error({ err: error, port: lan.port }, 'terminals listener not started');
    }
  });
  app.addHook('onClose', async () => listener?.close());
}
