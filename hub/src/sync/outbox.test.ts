import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateHubDatabase } from '../store/migrate.js';
import { openHubDatabase, type HubDatabase } from '../store/open.js';
import { Outbox } from './outbox.js';

describe('outbox answers', () => {
  let dir: string;
  let db: HubDatabase;
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps a refusal’s stable code beside its words, and no code for what was applied', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'ismail-outbox-'));
    db = openHubDatabase(path.join(dir, 'hub.sqlite'));
    migrateHubDatabase(db);
    const outbox = new Outbox(db);
    const [refused, applied] = [randomUUID(), randomUUID()];
    db.transaction(() => {
      outbox.append('wallet.cash_top_up', { accountId: randomUUID(), amountXof: 500 }, refused);
      outbox.append('wallet.cash_top_up', { accountId: randomUUID(), amountXof: 500 }, applied);
    })();
    outbox.settle([
      {
        id: refused,
        seq: 1,
        status: 'rejected',
        code: 'CASH_TOP_UP_LIMIT_EXCEEDED',
        reason: 'CASH_TOP_UP_LIMIT_EXCEEDED: above the daily cash ceiling',
      },
      { id: applied, seq: 2, status: 'applied', code: 'IGNORED', result: { operationId: randomUUID() } },
    ]);
    expect(outbox.rejected()).toEqual([
      {
        seq: 1,
        id: refused,
        type: 'wallet.cash_top_up',
        reason: 'CASH_TOP_UP_LIMIT_EXCEEDED: above the daily cash ceiling',
        code: 'CASH_TOP_UP_LIMIT_EXCEEDED',
      },
    ]);
    expect(
      db.prepare<[string], { code: string | null }>('SELECT code FROM outbox WHERE id = ?').get(applied)?.code,
    ).toBeNull();
  });
});
