/**
 * The hub's live channel for the screens (WebSocket /api/v1/live): sync health, printer states
 * (with the jobs set aside and why) and scans as they happen. The hub itself unreachable
 * counts as offline too. Reconnects every
 * two seconds, so the offline banner comes and goes within the five seconds staff are promised.
 */
import { useEffect, useRef, useState } from 'react';
import type { HubSyncStatus, PrintJobView, PrinterStatusView } from '@ismail/shared';

/** The hub's sync health, as its local API declares it (one shape for hub, counter and CLI). */
export type SyncStatus = HubSyncStatus;

/** A printer as the hub tells it: name, state and why, waiting and failed jobs (shape declared in shared). */
export type PrinterState = PrinterStatusView;

export interface LiveState {
  readonly hubConnected: boolean;
  readonly sync: SyncStatus | null;
  readonly printers: readonly PrinterState[];
  /** The most recent scan the hub saw from a serial scanner. */
  readonly lastScan: { code: string; at: number } | null;
  /** Device alarms since this screen opened (newest first, at most 10) until staff dismiss them. */
  readonly alarms: readonly { deviceName: string; kind: string; at: string }[];
  /**
   * Jobs the hub set aside since this screen opened (newest first, at most `failedJobsKept`), as
   * its printJobFailed message says them: a screen that printed one (the sale's ticket) says so at
   * once, whether the message came before or after the print request's answer.
   */
  readonly failedJobs: readonly PrintJobView[];
}

/** Enough for the tickets a counter has just printed; older ones are in the printer's status. */
const failedJobsKept = 20;

const reconnectMs = 2_000;
/**
 * The hub closes a screen with this code when its session ended (signed out, expired, person removed): back to sign-in,
 * no reconnecting.
 */
const sessionEndedCode = 4001;

export function useLive(
  token: string | null,
  onSessionEnded?: () => void,
): LiveState & { readonly dismissAlarms: () => void } {
  const sessionEnded = useRef(onSessionEnded);
  sessionEnded.current = onSessionEnded;
  const [state, setState] = useState<LiveState>({
    hubConnected: true,
    sync: null,
    printers: [],
    lastScan: null,
    alarms: [],
    failedJobs: [],
  });
  useEffect(() => {
    if (token === null) return undefined;
    let socket: WebSocket | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const connect = (): void => {
      const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/v1/live`;
      socket = new WebSocket(url, ['bearer', token]);
      socket.onmessage = (event: MessageEvent<string>) => {
        const message = JSON.parse(event.data) as {
          type: string;
          status?: SyncStatus & PrinterState;
          printers?: PrinterState[];
          scan?: { code: string };
          alarm?: { deviceName: string; kind: string; at: string };
          job?: PrintJobView;
        };
        setState((previous) => {
          switch (message.type) {
            case 'ready':
              return { ...previous, hubConnected: true };
            case 'sync':
              return { ...previous, hubConnected: true, sync: message.status ?? null };
            case 'printers':
              return { ...previous, printers: message.printers ?? [] };
            case 'printer': {
              const status = message.status as PrinterState;
              return {
                ...previous,
                printers: [...previous.printers.filter((p) => p.printerId !== status.printerId), status],
              };
            }
            case 'alarm':
              return message.alarm === undefined
                ? previous
                : { ...previous, alarms: [message.alarm, ...previous.alarms].slice(0, 10) };
            case 'printJobFailed':
              return message.job === undefined
                ? previous
                : {
                    ...previous,
                    failedJobs: [message.job, ...previous.failedJobs.filter((j) => j.id !== message.job?.id)].slice(
                      0,
                      failedJobsKept,
                    ),
                  };
            case 'scan':
              return {
                ...previous,
                lastScan: message.scan === undefined ? previous.lastScan : { code: message.scan.code, at: Date.now() },
              };
            default:
              return previous;
          }
        });
      };
      socket.onclose = (event: CloseEvent) => {
        if (stopped) return;
        if (event.code === sessionEndedCode) {
          sessionEnded.current?.();
          return;
        }
        setState((previous) => ({ ...previous, hubConnected: false }));
        timer = setTimeout(connect, reconnectMs);
      };
    };
    connect();
    return () => {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      socket?.close();
    };
  }, [token]);
  return { ...state, dismissAlarms: () => setState((previous) => ({ ...previous, alarms: [] })) };
}

/** Offline means the cloud did not answer the hub, or the hub did not answer us. */
export function isOffline(live: LiveState): boolean {
  return !live.hubConnected || live.sync?.cloudReachable === false;
}
