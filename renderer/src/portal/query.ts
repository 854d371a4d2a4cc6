/**
 * Server data: one TanStack Query client, offline-first (a query runs once even when the
 * browser says offline, then waits for the network), its successful answers persisted to
 * localStorage so the installed app shows the last balance offline, with when it was read.
 * Mutations are never persisted: a money write is not replayed from storage.
 */
import { QueryClient } from '@tanstack/react-query';
import type { PersistedClient, Persister } from '@tanstack/react-query-persist-client';

const storageKey = 'ismail.portal.cache';
/** What is older than a week is not shown as "the last known balance". */
export const persistMaxAgeMs = 7 * 24 * 60 * 60 * 1000;

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      networkMode: 'offlineFirst',
      // Kept in memory as long as it may be persisted, so a restored answer is not dropped before it is shown.
      gcTime: persistMaxAgeMs,
      staleTime: 30_000,
      // 3G drops: two more tries, spaced out, then the error (the last answer stays on screen).
      retry: 2,
      retryDelay: (attempt) => Math.min(1000 * 2 ** attempt, 8000),
    },
    mutations: { networkMode: 'offlineFirst', retry: false },
  },
});

/** A Persister over localStorage (synchronous, small: a balance and a page of history). */
export const localStoragePersister: Persister = {
  persistClient(client: PersistedClient) {
    try {
      globalThis.localStorage?.setItem(storageKey, JSON.stringify(client));
    } catch {
      // Storage full or refused (private mode): the app works, only the offline copy is missing.
    }
  },
  restoreClient() {
    const raw = globalThis.localStorage?.getItem(storageKey);
    if (raw === null || raw === undefined) return undefined;
    try {
      return JSON.parse(raw) as PersistedClient;
    } catch {
      return undefined;
    }
  },
  removeClient() {
    globalThis.localStorage?.removeItem(storageKey);
  },
};

/** On sign-out: nothing of this person stays on the device. */
export async function forgetServerData(): Promise<void> {
  queryClient.clear();
  await localStoragePersister.removeClient();
}
