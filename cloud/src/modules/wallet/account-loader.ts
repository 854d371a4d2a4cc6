/**
 * Reads the accounts wallet operations need (status, country, profile, sales rep) in
 * batches: every lookup asked for in the same turn of the event loop shares one query, so a
 * burst of concurrent operations costs one round trip, not two per operation. Nothing is
 * cached between turns: a suspension takes effect for the next operation.
 */
import type { Database } from '../../platform/db/database.js';

export interface AccountFacts {
  readonly id: string;
  readonly profile: string;
  readonly status: string;
  readonly country: string;
  readonly sales_rep_id: string | null;
  readonly partner_category: string | null;
}

/** Ids per query: bounds the statement and its parameter. */
const maxIdsPerQuery = 1000;

export class AccountLoader {
  private waiting = new Map<string, ((row: AccountFacts | undefined) => void)[]>();
  private failures = new Map<string, ((error: unknown) => void)[]>();
  private scheduled = false;

  constructor(private readonly db: Database) {}

  load(id: string): Promise<AccountFacts | undefined> {
    return new Promise((resolve, reject) => {
      this.waiting.set(id, [...(this.waiting.get(id) ?? []), resolve]);
      this.failures.set(id, [...(this.failures.get(id) ?? []), reject]);
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    const waiting = this.waiting;
    const failures = this.failures;
    this.waiting = new Map();
    this.failures = new Map();
    this.scheduled = false;
    const ids = [...waiting.keys()];
    for (let i = 0; i < ids.length; i += maxIdsPerQuery) {
      const chunk = ids.slice(i, i + maxIdsPerQuery);
      try {
        const { rows } = await this.db.pool.query<AccountFacts>(
          'SELECT id, profile, status, country, sales_rep_id, partner_category FROM accounts WHERE id = ANY($1::uuid[])',
          [chunk],
        );
        const byId = new Map(rows.map((r) => [r.id, r]));
        for (const id of chunk) for (const resolve of waiting.get(id) ?? []) resolve(byId.get(id));
      } catch (error) {
        for (const id of chunk) for (const reject of failures.get(id) ?? []) reject(error);
      }
    }
  }
}
