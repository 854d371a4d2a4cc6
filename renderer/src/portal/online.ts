/** Whether the browser has a network, as TanStack Query sees it (the online and offline events). */
import { onlineManager } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';

/**
 * TanStack Query starts believing it is online and only listens for changes: an app opened
 * without a network (the installed app, offline) must say so from the start.
 */
export function startOnlineFromBrowser(): void {
  if (typeof navigator !== 'undefined') onlineManager.setOnline(navigator.onLine);
}

export function useOnline(): boolean {
  return useSyncExternalStore(
    (listener) => onlineManager.subscribe(listener),
    () => onlineManager.isOnline(),
  );
}
