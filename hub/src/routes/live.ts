/**
 * The counter app's live channel (WebSocket): sync health as it changes (the offline banner,
 * the outbox draining), printer states (with the jobs set aside), a print job failing, scans
 * and device alarms, pushed instead of polled.
 *
 * Browsers cannot set headers on a WebSocket, so the session token travels as the subprotocol
 * ("bearer", "<token>"), never in the URL (URLs are logged). A screen that does not read what
 * it is sent (more than `maxBufferedBytes` waiting) is closed, so a stuck tab cannot grow the
 * hub's memory; the app reconnects and gets a fresh snapshot.
 *
 * A screen lives no longer than its session: signed out here, it is closed at once (4001);
 * ended otherwise (expired, or the cloud's newer policy no longer lists the person, which is
 * how a suspension reaches the hub, at its next policy pull: 60 s by default), it is closed
 * at the next re-check, every second.
 */
import type { EventEmitter } from 'node:events';
import websocket from '@fastify/websocket';
import type { FastifyInstance } from 'fastify';
import { HubErrorResponses } from '@ismail/shared';
import type { WebSocket } from 'ws';
import type { PrintJob, PrinterStatus, PrintQueue } from '../printing/print-queue.js';
import type { ScannerService } from '../scanning/scanner-service.js';
import type { HubAuth } from '../http/hub-auth.js';
import { staffTokenHash, type StaffDesk } from '../staff/staff-desk.js';
import { syncStatus, type SyncStatusSources } from '../sync/status.js';
import type { Scheduler } from '../platform/scheduler.js';

const maxBufferedBytes = 1024 * 1024;
const maxScreens = 20;
/** Sync health is looked at this often and sent when it changed. */
const statusEveryMs = 1_000;

/** Close code of a screen whose session ended: the app goes back to sign-in rather than reconnecting. */
const sessionEndedCode = 4001;

export function liveRoutes(options: {
  auth: HubAuth;
  staff: Pick<StaffDesk, 'onSessionsEnded'>;
  status: SyncStatusSources;
  queue: PrintQueue;
  scanners: ScannerService;
  iot: EventEmitter;
  scheduler: Scheduler;
}) {
  return async (app: FastifyInstance): Promise<void> => {
    await app.register(websocket, { options: { maxPayload: 4096 } });
    // @fastify/websocket hides WebSocket routes from the OpenAPI document; the live channel is part of the counter's
    // API, so it is shown.
    app.addHook('onRoute', (route) => {
      if (route.websocket === true && route.schema !== undefined) route.schema.hide = false;
    });
    const screens = new Set<WebSocket>();
    /** The staff session behind each screen (the hub admin's screens have none to end). */
    const sessions = new Map<
      WebSocket,
      { readonly token: string; readonly tokenHash: string; readonly accountId: string }
    >();
    const endScreen = (socket: WebSocket): void => {
      sessions.delete(socket);
      socket.close(sessionEndedCode, 'session ended');
    };
    const stopListening = options.staff.onSessionsEnded((ended) => {
      for (const [socket, session] of sessions) {
        if ('tokenHash' in ended ? ended.tokenHash === session.tokenHash : ended.accountId === session.accountId)
          endScreen(socket);
      }
    });
    const recheck = async (): Promise<void> => {
      for (const [socket, session] of sessions) {
        if ((await options.auth.principal(`Bearer ${session.token}`)) === null) endScreen(socket);
      }
    };
    const send = (socket: WebSocket, message: unknown): void => {
      if (socket.bufferedAmount > maxBufferedBytes) {
        socket.close(1013, 'too slow');
        return;
      }
      socket.send(JSON.stringify(message));
    };
    const broadcast = (message: unknown): void => {
      for (const socket of screens) send(socket, message);
    };
    let last = '';
    const tick = async (): Promise<void> => {
      if (screens.size === 0) return;
      const status = await syncStatus(options.status);
      const text = JSON.stringify({ ...status, oldestUnsyncedAgeS: null });
      // Ages tick every second; only real changes are sent (plus the age with them).
      if (text !== last) {
        last = text;
        broadcast({ type: 'sync', status });
      }
    };
    // Two tasks, so a slow status read never delays ending a session (the scheduler logs their failures).
    const stopRecheck = options.scheduler.every({ name: 'live.session-recheck', everyMs: statusEveryMs, run: recheck });
    const stopStatus = options.scheduler.every({ name: 'live.sync-status', everyMs: statusEveryMs, run: tick });
    const onPrinter = (status: PrinterStatus): void => broadcast({ type: 'printer', status });
    // A ticket set aside (a sale's, a Z report's) is said at once, with its reason.
    const onJob = (job: PrintJob): void => {
      if (job.status === 'failed') broadcast({ type: 'printJobFailed', job });
    };
    const onScan = (event: unknown): void => broadcast({ type: 'scan', scan: event });
    options.queue.on('status', onPrinter);
    options.queue.on('job', onJob);
    options.scanners.on('scan', onScan);
    const onAlarm = (alarm: unknown): void => broadcast({ type: 'alarm', alarm });
    options.iot.on('alarm', onAlarm);
    app.addHook('onClose', async () => {
      stopRecheck();
      stopStatus();
      stopListening();
      options.queue.off('status', onPrinter);
      options.queue.off('job', onJob);
      options.scanners.off('scan', onScan);
      options.iot.off('alarm', onAlarm);
      for (const socket of screens) socket.close(1001, 'hub stopping');
    });

    const liveResponse = {
      description:
        'Switching Protocols: a WebSocket of JSON messages (ready, sync, printers, printer, printJobFailed, scan, alarm); the session token is the subprotocol',
    };
    app.get(
      '/api/v1/live',
      { websocket: true, schema: { response: { 101: liveResponse, ...HubErrorResponses } } },
      (socket, request) => {
        const offered = (request.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
        const token = offered[0] === 'bearer' ? offered[1] : undefined;
        void (async () => {
          const principal = token === undefined ? null : await options.auth.principal(`Bearer ${token}`);
          if (principal === null) {
            socket.close(1008, 'sign-in required');
            return;
          }
          if (screens.size >= maxScreens) {
            socket.close(1013, 'too many screens');
            return;
          }
          screens.add(socket);
          if (principal.kind === 'staff' && token !== undefined)
            sessions.set(socket, { token, tokenHash: staffTokenHash(token), accountId: principal.accountId });
          socket.on('close', () => {
            screens.delete(socket);
            sessions.delete(socket);
          });
          send(socket, { type: 'ready', staff: { name: principal.name, role: principal.role } });
          send(socket, { type: 'sync', status: await syncStatus(options.status) });
          send(socket, { type: 'printers', printers: options.queue.status() });
        })().catch(() => socket.close(1011, 'hub error'));
      },
    );
  };
}
