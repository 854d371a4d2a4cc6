/**
 * My notifications: the list (TanStack Query) and the live WebSocket that refreshes it the moment
 * the cloud sends one. The socket reconnects after a drop (3G) with a growing pause, a bounded
 * number of times; a session the cloud ended (4001) or refused (1008) is not retried.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api, apiError } from '../../api/client.js';
import { currentSession } from '../../session.js';

export const notificationsKey = ['notifications'] as const;
/** Pauses between tries: 1 s doubling up to 30 s; after this many failed tries in a row the socket gives up. */
const firstRetryMs = 1_000;
const maxRetryMs = 30_000;
const maxTries = 8;

export function useNotifications() {
  return useQuery({
    queryKey: notificationsKey,
    queryFn: async () => {
      const { data, error, response } = await api.GET('/v1/notifications', { params: { query: { limit: 50 } } });
      if (data === undefined) throw apiError(error, response.status);
      return data.notifications;
    },
  });
}

export type LiveState = 'connecting' | 'live' | 'retrying' | 'stopped';

/** Opens the socket while mounted (one per page: the shell's bell holds it); says how it stands. */
export function useLiveNotifications(): LiveState {
  const queryClient = useQueryClient();
  const [state, setState] = useState<LiveState>('connecting');
  useEffect(() => {
    let socket: WebSocket | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    let closed = false;

    const retry = () => {
      if (closed) return;
      failures += 1;
      if (failures > maxTries) {
        setState('stopped');
        return;
      }
      setState('retrying');
      timer = setTimeout(open, Math.min(firstRetryMs * 2 ** (failures - 1), maxRetryMs));
    };

    function open(): void {
      const token = currentSession()?.accessToken;
      if (token === undefined || closed) return;
      const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
      // Browsers cannot set headers on a WebSocket: the token travels as the subprotocol, never in the URL.
      socket = new WebSocket(`${scheme}://${location.host}/v1/notifications/stream`, ['bearer', token]);
      socket.onmessage = (event) => {
        const message = JSON.parse(String(event.data)) as { type?: string };
        if (message.type === 'ready') {
          failures = 0;
          setState('live');
          // Whatever arrived while the socket was down.
          void queryClient.invalidateQueries({ queryKey: notificationsKey });
        } else if (message.type === 'notification') void queryClient.invalidateQueries({ queryKey: notificationsKey });
      };
      socket.onclose = (event) => {
        socket = null;
        if (event.code === 4001) setState('stopped');
        else retry();
      };
    }

    const online = () => {
      if (socket === null && !closed) {
        clearTimeout(timer);
        failures = 0;
        open();
      }
    };
    window.addEventListener('online', online);
    open();
    return () => {
      closed = true;
      clearTimeout(timer);
      window.removeEventListener('online', online);
      socket?.close(1000);
    };
  }, [queryClient]);
  return state;
}
