/**
 * Keeps a local SQLite replica of one of the cloud's shapes (Electric's HTTP protocol), so the
 * counter works from it offline. Each response is applied in one transaction together with
 * the new position, so a crash never loses or repeats a change; "must-refetch" (409) starts
 * over from a snapshot; the snapshot comes in pages, the next asked for while one is written;
 * once up to date it long-polls. Failures back off from 1 s to 60 s and it keeps trying for as
 * long as the hub runs: being offline for days is normal. The Electric client could do this
 * job; ours never gives up retrying.
 */
import {
  ShapeDeletedRowSchema,
  ShapeMessagesSchema,
  shapeRowSchemas,
  type ShapeMessage,
  type ShapeName,
  type ShapeRow,
} from '@ismail/shared';
import { TypeCompiler, type TypeCheck, type ValueErrorIterator } from '@sinclair/typebox/compiler';
import type { HubDatabase } from '../store/open.js';
import type { CredentialStore } from './credentials.js';

/**
 * Where one shape lives in the hub's SQLite file. Its writer takes rows already checked
 * against the shape's shared schema (values as Electric's text: shared/sync/shapes).
 */
export interface ShapeReplica<S extends ShapeName> {
  readonly shape: S;
  clear(db: HubDatabase): void;
  upsert(db: HubDatabase, row: ShapeRow<S>): void;
  remove(db: HubDatabase, id: string): void;
}

/** One response's changes, checked: a row to write or an id to remove. */
type Change<S extends ShapeName> = { readonly upsert: ShapeRow<S> } | { readonly remove: string };

const messagesCheck = TypeCompiler.Compile(ShapeMessagesSchema);
const deletedRowCheck = TypeCompiler.Compile(ShapeDeletedRowSchema);

/** The first reason a value fails its schema, for the error that stops the shape. */
function firstError(errors: ValueErrorIterator): string {
  const error = errors.First();
  return error === undefined ? 'does not match' : `${error.path || '/'}: ${error.message}`;
}

export class ShapeSync<S extends ShapeName> {
  private stopped = true;
  private timer: NodeJS.Timeout | undefined;
  private abort: AbortController | undefined;
  private failures = 0;
  /** The next snapshot page, asked for while this one is written (the cloud works while SQLite does). */
  private prefetched: { key: string; response: Promise<Response> } | undefined;
  lastError: string | null = null;
  /** The shape's row check, compiled once: every row of a snapshot page goes through it. */
  private readonly rowCheck: TypeCheck<(typeof shapeRowSchemas)[S]>;

  constructor(
    private readonly db: HubDatabase,
    private readonly credentials: CredentialStore,
    private readonly replica: ShapeReplica<S>,
    private readonly retryBaseMs = 1_000,
  ) {
    this.rowCheck = TypeCompiler.Compile(shapeRowSchemas[replica.shape]);
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.abort?.abort();
    this.abort = undefined;
    this.prefetched = undefined;
  }

  private schedule(delayMs: number): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.step(), delayMs);
    this.timer.unref();
  }

  private position(): { handle: string | null; offset: string; upToDate: boolean } {
    const row = this.db
      .prepare<[string], { handle: string | null; offset_value: string }>(
        'SELECT handle, offset_value FROM shape_positions WHERE shape = ?',
      )
      .get(this.replica.shape);
    return row === undefined
      ? { handle: null, offset: '-1', upToDate: false }
      : { handle: row.handle, offset: row.offset_value, upToDate: row.offset_value !== '-1' };
  }

  private async step(): Promise<void> {
    if (this.stopped) return;
    const credentials = this.credentials.load();
    if (credentials === null) {
      this.schedule(5_000);
      return;
    }
    let next = 0;
    try {
      const { handle, offset, upToDate } = this.position();
      const params = new URLSearchParams({
        table: this.replica.shape,
        offset,
        ...(handle === null ? {} : { handle }),
        ...(upToDate ? { live: 'true' } : {}),
      });
      const ahead = this.prefetched;
      this.prefetched = undefined;
      const response = await (ahead?.key === `${handle ?? ''}|${offset}` ? ahead.response : this.request(params));
      if (response.status === 409) {
        // The cloud's shape was rebuilt: start over from a snapshot.
        this.db.transaction(() => {
          this.replica.clear(this.db);
          this.db.prepare('DELETE FROM shape_positions WHERE shape = ?').run(this.replica.shape);
        })();
      } else if (response.status !== 200) {
        throw new Error(`shape feed answered HTTP ${String(response.status)}`);
      } else {
        const nextHandle = response.headers.get('electric-handle');
        const nextOffset = response.headers.get('electric-offset') ?? offset;
        // More snapshot pages to come: ask for the next one now.
        if (!response.headers.has('electric-up-to-date') && nextOffset !== offset) {
          const next = new URLSearchParams({
            table: this.replica.shape,
            offset: nextOffset,
            ...(nextHandle === null ? {} : { handle: nextHandle }),
            live: 'true',
          });
          const pending = this.request(next);
          pending.catch(() => undefined);
          this.prefetched = { key: `${nextHandle ?? ''}|${nextOffset}`, response: pending };
        }
        const changes = this.parse(await response.json());
        this.apply(changes, nextHandle, nextOffset, offset === '-1');
      }
      this.failures = 0;
      this.lastError = null;
    } catch (error) {
      if (this.stopped) return;
      this.failures++;
      this.lastError = (error as Error).message.slice(0, 300);
      next = Math.min(60_000, this.retryBaseMs * 2 ** Math.min(this.failures - 1, 16));
    }
    this.schedule(next);
  }

  private async request(params: URLSearchParams): Promise<Response> {
    this.abort ??= new AbortController();
    const signal = AbortSignal.any([this.abort.signal, AbortSignal.timeout(30_000)]);
    return this.credentials.cloud.request(`/v1/hubs/shape?${params.toString()}`, { signal });
  }

  /**
   * The boundary: a response's rows checked against the shape's shared schema before any is
   * written. One that fails stops this shape's pull here (its position does not move, so it
   * is asked for again after the back-off) with an error naming the shape and the row's key.
   */
  private parse(body: unknown): Change<S>[] {
    const shape = this.replica.shape;
    if (!messagesCheck.Check(body)) {
      throw new Error(
        `shape ${shape}: the feed answered ${firstError(messagesCheck.Errors(body))}, not shape messages`,
      );
    }
    return body
      .filter((m): m is Extract<ShapeMessage, { key: string }> => 'key' in m)
      .map((message) => {
        const { key, value } = message;
        if (message.headers.operation === 'delete') {
          if (!deletedRowCheck.Check(value)) {
            throw new Error(`shape ${shape}: delete of ${key} refused (${firstError(deletedRowCheck.Errors(value))})`);
          }
          return { remove: value.id };
        }
        if (!this.rowCheck.Check(value)) {
          throw new Error(`shape ${shape}: row ${key} refused (${firstError(this.rowCheck.Errors(value))})`);
        }
        return { upsert: value };
      });
  }

  /** One response: its changes and the new position, together. */
  private apply(changes: readonly Change<S>[], handle: string | null, offset: string, snapshot: boolean): void {
    this.db.transaction(() => {
      if (snapshot) this.replica.clear(this.db);
      for (const change of changes) {
        if ('remove' in change) this.replica.remove(this.db, change.remove);
        else this.replica.upsert(this.db, change.upsert);
      }
      this.db
        .prepare(
          'INSERT INTO shape_positions (shape, handle, offset_value, synced_at) VALUES (?, ?, ?, ?) ON CONFLICT (shape) DO UPDATE SET handle = excluded.handle, offset_value = excluded.offset_value, synced_at = excluded.synced_at',
        )
        .run(this.replica.shape, handle, offset, new Date().toISOString());
    })();
  }

  /** When this shape was last brought up to date here. */
  syncedAt(): string | null {
    return (
      this.db
        .prepare<[string], { synced_at: string }>('SELECT synced_at FROM shape_positions WHERE shape = ?')
        .get(this.replica.shape)?.synced_at ?? null
    );
  }
}
