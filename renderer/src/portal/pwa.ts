/**
 * The service worker: registered after the first paint (its code is not part of the first
 * screen's budget), never by an inline script. A new version waits until the person accepts
 * the "Nouvelle version disponible" prompt; the worker only precaches the shell.
 */
type Listener = () => void;

let applyUpdate: (() => Promise<void>) | null = null;
const listeners = new Set<Listener>();

export function pendingUpdate(): (() => Promise<void>) | null {
  return applyUpdate;
}

export function onUpdateChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function dismissUpdate(): void {
  applyUpdate = null;
  for (const listener of listeners) listener();
}

export async function registerServiceWorker(): Promise<void> {
  if (!('serviceWorker' in navigator)) return;
  const { registerSW } = await import('virtual:pwa-register');
  const update = registerSW({
    onNeedRefresh() {
      applyUpdate = () => update(true);
      for (const listener of listeners) listener();
    },
  });
}
