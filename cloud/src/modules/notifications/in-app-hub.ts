/**
 * Who is watching in-app notifications right now: each signed-in screen (portal, counter)
 * holds a WebSocket; a new notification is pushed to every screen of its recipient. Bounded
 * per account so one user cannot hold unlimited sockets.
 */
export interface InAppMessage {
  readonly id: string;
  readonly type: string;
  readonly title: string;
  readonly body: string;
  readonly createdAt: string;
}

export const maxScreensPerAccount = 10;

type Listener = (message: InAppMessage) => void;

export class InAppHub {
  private readonly listeners = new Map<string, Set<Listener>>();

  /** Returns the unsubscribe function, or null when the account has too many screens open. */
  subscribe(accountId: string, listener: Listener): (() => void) | null {
    const set = this.listeners.get(accountId) ?? new Set<Listener>();
    if (set.size >= maxScreensPerAccount) return null;
    set.add(listener);
    this.listeners.set(accountId, set);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(accountId);
    };
  }

  /** How many screens received it. */
  publish(accountId: string, message: InAppMessage): number {
    const set = this.listeners.get(accountId);
    if (set === undefined) return 0;
    for (const listener of set) listener(message);
    return set.size;
  }
}
