/**
 * Pulls the establishment's catalog from the cloud's shape feed (Electric's HTTP protocol)
 * into SQLite, so the counter can look products up offline. Each response is applied in one
 * transaction together with the new position, so a crash never loses or repeats a change;
 * "must-refetch" (409) starts over from a snapshot; once up to date it long-polls. Failures
 * back off from 1 s to 60 s and it keeps trying for as long as the hub runs: being offline
 * for days is normal. The Electric client could do this job; ours never gives up retrying.
 */
import type { HubDatabase } from '../store/open.js';
import type { CredentialStore } from './credentials.js';

interface ChangeMessage {
  key: string;
  value: Record<string, string | null>;
  headers: { operation: 'insert' | 'update' | 'delete' };
}
type Message = ChangeMessage | { headers: { control: string } };

export interface CatalogProduct {
  readonly id: string;
  readonly name: string;
  readonly category: string;
  readonly barcode: string | null;
  readonly priceXof: number;
  readonly taxGroup: string;
}

const shapeName = 'shop_products';

export class CatalogSync {
  private stopped = true;
  private timer: NodeJS.Timeout | undefined;
  private abort: AbortController | undefined;
  private failures = 0;
  /** The next snapshot page, asked for while this one is written (the cloud works while SQLite does). */
  private prefetched: { key: string; response: Promise<Response> } | undefined;
  lastError: string | null = null;

  constructor(
    private readonly db: HubDatabase,
    private readonly credentials: CredentialStore,
    private readonly retryBaseMs = 1_000,
  ) {}

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
    const row = this.db.prepare<[string], { handle: string | null; offset_value: string }>('SELECT handle, offset_value FROM shape_positions WHERE shape = ?').get(shapeName);
    return row === undefined ? { handle: null, offset: '-1', upToDate: false } : { handle: row.handle, offset: row.offset_value, upToDate: row.offset_value !== '-1' };
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
      const params = new URLSearchParams({ table: shapeName, offset, ...(handle === null ? {} : { handle }), ...(upToDate ? { live: 'true' } : {}) });
      const ahead = this.prefetched;
      this.prefetched = undefined;
      const response = await (ahead?.key === `${handle ?? ''}|${offset}` ? ahead.response : this.request(credentials, params));
      if (response.status === 409) {
        // The cloud's shape was rebuilt: start over from a snapshot.
        this.db.transaction(() => {
          this.db.prepare('DELETE FROM catalog_products').run();
          this.db.prepare('DELETE FROM shape_positions WHERE shape = ?').run(shapeName);
        })();
      } else if (response.status !== 200) {
        throw new Error(`shape feed answered HTTP ${String(response.status)}`);
      } else {
        const nextHandle = response.headers.get('electric-handle');
        const nextOffset = response.headers.get('electric-offset') ?? offset;
        // More snapshot pages to come: ask for the next one now.
        if (!response.headers.has('electric-up-to-date') && nextOffset !== offset) {
          const next = new URLSearchParams({ table: shapeName, offset: nextOffset, ...(nextHandle === null ? {} : { handle: nextHandle }), live: 'true' });
          const pending = this.request(credentials, next);
          pending.catch(() => undefined);
          this.prefetched = { key: `${nextHandle ?? ''}|${nextOffset}`, response: pending };
        }
        const messages = (await response.json()) as Message[];
        this.apply(messages, nextHandle, nextOffset, offset === '-1');
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

  private async request(credentials: { cloudUrl: string; token: string }, params: URLSearchParams): Promise<Response> {
    this.abort ??= new AbortController();
    const signal = AbortSignal.any([this.abort.signal, AbortSignal.timeout(30_000)]);
    return fetch(`${credentials.cloudUrl.replace(/\/$/, '')}/v1/hubs/shape?${params.toString()}`, { headers: { authorization: `Hub ${credentials.token}` }, signal });
  }

  /** One response: its changes and the new position, together. */
  private apply(messages: readonly Message[], handle: string | null, offset: string, snapshot: boolean): void {
    const upsert = this.db.prepare(
      `INSERT INTO catalog_products (id, name, category, kind, barcode, price_xof, tax_group, active) VALUES (@id, @name, @category, @kind, @barcode, @price_xof, @tax_group, @active)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, category = excluded.category, kind = excluded.kind, barcode = excluded.barcode, price_xof = excluded.price_xof, tax_group = excluded.tax_group, active = excluded.active`,
    );
    const remove = this.db.prepare('DELETE FROM catalog_products WHERE id = ?');
    this.db.transaction(() => {
      if (snapshot) this.db.prepare('DELETE FROM catalog_products').run();
      for (const message of messages) {
        if (!('key' in message)) continue;
        const v = message.value;
        if (message.headers.operation === 'delete') {
          if (v.id != null) remove.run(v.id);
          continue;
        }
        if (v.id == null || v.name == null || v.price_xof == null) continue;
        upsert.run({ id: v.id, name: v.name, category: v.category ?? '', kind: v.kind ?? 'physical', barcode: v.barcode ?? null, price_xof: Number(v.price_xof), tax_group: v.tax_group ?? '', active: v.active === 't' ? 1 : 0 });
      }
      this.db.prepare('INSERT INTO shape_positions (shape, handle, offset_value, synced_at) VALUES (?, ?, ?, ?) ON CONFLICT (shape) DO UPDATE SET handle = excluded.handle, offset_value = excluded.offset_value, synced_at = excluded.synced_at').run(
        shapeName,
        handle,
        offset,
        new Date().toISOString(),
      );
    })();
  }

  lookup(query: { barcode?: string | undefined; text?: string | undefined }): CatalogProduct[] {
    const rows =
      query.barcode !== undefined
        ? this.db.prepare<[string], { id: string; name: string; category: string; barcode: string | null; price_xof: number; tax_group: string }>('SELECT * FROM catalog_products WHERE barcode = ? AND active = 1').all(query.barcode)
        : this.db
            .prepare<[string], { id: string; name: string; category: string; barcode: string | null; price_xof: number; tax_group: string }>("SELECT * FROM catalog_products WHERE active = 1 AND name LIKE ? ESCAPE '\\' ORDER BY name LIMIT 50")
            .all(`%${(query.text ?? '').replace(/[%_\\]/g, (c) => `\\${c}`)}%`);
    return rows.map((r) => ({ id: r.id, name: r.name, category: r.category, barcode: r.barcode, priceXof: r.price_xof, taxGroup: r.tax_group }));
  }

  state(): { products: number; syncedAt: string | null; lastError: string | null } {
    const count = this.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM catalog_products').get()?.n ?? 0;
    const synced = this.db.prepare<[string], { synced_at: string }>('SELECT synced_at FROM shape_positions WHERE shape = ?').get(shapeName);
    return { products: count, syncedAt: synced?.synced_at ?? null, lastError: this.lastError };
  }
}
