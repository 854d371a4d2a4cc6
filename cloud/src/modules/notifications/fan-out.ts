/**
 * The in-app fan-out's ear on PostgreSQL (issue 29.3): one connection per process, opened
 * beside the pool, not from it (LISTEN belongs to a session, and a pooled client is handed to
 * the next request), LISTENing on `inAppChannel`. The emitting transaction calls pg_notify
 * with a small payload (recipient and notification ids, 73 bytes: far below PostgreSQL's
 * 8000-byte limit); PostgreSQL delivers it at commit only, so a rolled-back notification is
 * never announced.
 *
 * A lost connection (server restart, pg_terminate_backend, a probe that gets no answer) is
 * reopened with a growing, jittered delay; once LISTENing again, `onReconnected` is told
 * since when it was not listening, so the caller re-reads what it may have missed.
 */
import pg from 'pg';

export const inAppChannel = 'ismail_in_app';

const uuid = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const payloadPattern = new RegExp(`^(${uuid}):(${uuid})$`);

export interface InAppAnnouncement {
  readonly recipientId: string;
  readonly notificationId: string;
}

export function announcementPayload(recipientId: string, notificationId: string): string {
  return `${recipientId}:${notificationId}`;
}

/** Null for anything that is not exactly what announcementPayload writes. */
export function parseAnnouncement(payload: string | undefined): InAppAnnouncement | null {
  const match = payloadPattern.exec(payload ?? '');
  if (match?.[1] === undefined || match[2] === undefined) return null;
  return { recipientId: match[1], notificationId: match[2] };
}

export interface FanOutListenerOptions {
  /** How to reach the database the pool reaches (its options; the pool's size is ignored). */
  readonly connection: pg.ClientConfig;
  readonly onAnnouncement: (announcement: InAppAnnouncement) => void;
  /** Listening again after a gap: `sinceMs` is the last moment the process was known to be listening. */
  readonly onReconnected: (sinceMs: number) => Promise<void>;
  readonly onError: (error: unknown) => void;
  /** A `SELECT 1` on the connection this often finds a half-open socket that never reports an error. */
  readonly probeEveryMs?: number;
  readonly firstRetryMs?: number;
  readonly maxRetryMs?: number;
}

export class FanOutListener {
  private closed = false;
  private client: pg.Client | null = null;
  private backendPid: number | null = null;
  /** Last moment the connection was known to be LISTENing (connected, a probe answered, a message came). */
  private listeningAtMs: number | null = null;
  private readonly startedAtMs = Date.now();
  private everFailed = false;
  private waiters: (() => void)[] = [];
  private wakeRetry: (() => void) | null = null;
  private readonly loop: Promise<void>;
  reconnections = 0;

  constructor(private readonly options: FanOutListenerOptions) {
    this.loop = this.run();
  }

  /** The PostgreSQL backend of the listening connection now (tests end it to prove a reconnection). */
  get pid(): number | null {
    return this.backendPid;
  }

  /** Resolves once LISTENing, or after `timeoutMs` (a reconnection re-reads what came meanwhile). */
  async listening(timeoutMs: number): Promise<boolean> {
    if (this.backendPid !== null) return true;
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      timer.unref();
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.wakeRetry?.();
    await this.client?.end().catch(() => undefined);
    await this.loop;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.closed) {
      const client = new pg.Client({
        ...this.options.connection,
        application_name: 'ismail-cloud-in-app-listener',
        keepAlive: true,
        query_timeout: 10_000,
      });
      // Errors arrive as 'error' events too; the loop learns of them through `ended`.
      client.on('error', () => undefined);
      const ended = new Promise<void>((resolve) => {
        client.once('end', resolve);
        client.once('error', () => resolve());
      });
      this.client = client;
      let probe: NodeJS.Timeout | undefined;
      try {
        await client.connect();
        client.on('notification', (message) => {
          if (message.channel !== inAppChannel) return;
          this.listeningAtMs = Date.now();
          const announcement = parseAnnouncement(message.payload);
          if (announcement !== null) this.options.onAnnouncement(announcement);
        });
        await client.query(`LISTEN ${inAppChannel}`);
        const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
        if (this.closed) break;
        const gapSinceMs = this.listeningAtMs ?? (this.everFailed ? this.startedAtMs : null);
        this.listeningAtMs = Date.now();
        this.backendPid = rows[0]?.pid ?? null;
        failures = 0;
        for (const wake of this.waiters.splice(0)) wake();
        probe = setInterval(() => {
          client.query('SELECT 1').then(
            () => {
              this.listeningAtMs = Date.now();
            },
            // No answer in query_timeout: the socket is half-open; ending it starts a new one.
            () => void client.end().catch(() => undefined),
          );
        }, this.options.probeEveryMs ?? 10_000);
        probe.unref();
        if (gapSinceMs !== null) {
          this.reconnections += 1;
          await this.options.onReconnected(gapSinceMs).catch(this.options.onError);
        }
        await ended;
      } catch (error) {
        if (!this.closed) this.options.onError(error);
      } finally {
        clearInterval(probe);
        this.backendPid = null;
        this.client = null;
        await client.end().catch(() => undefined);
      }
      if (this.closed) break;
      this.everFailed = true;
      failures += 1;
      await new Promise<void>((resolve) => {
        const delayMs = retryDelayMs(failures, this.options.firstRetryMs ?? 250, this.options.maxRetryMs ?? 10_000);
        const timer = setTimeout(resolve, delayMs);
        this.wakeRetry = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wakeRetry = null;
    }
  }
}

/** Doubling from firstMs to maxMs, each time between half and all of it (processes do not retry in step). */
function retryDelayMs(failures: number, firstMs: number, maxMs: number): number {
  const ceiling = Math.min(maxMs, firstMs * 2 ** Math.min(failures - 1, 16));
  return ceiling / 2 + Math.random() * (ceiling / 2);
}
