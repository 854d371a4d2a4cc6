import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openHubDatabase } from './open.js';
import { cacheStatements } from './statement-cache.js';

describe('statement cache under db.prepare', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'ismail-statements-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('hands the same compiled statement back for the same text, on every hub connection', () => {
    const db = openHubDatabase(path.join(dir, 'hub.sqlite'));
    try {
      db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
      const first = db.prepare('INSERT INTO t (v) VALUES (?)');
      expect(db.prepare('INSERT INTO t (v) VALUES (?)')).toBe(first);
      expect(db.prepare('SELECT v FROM t')).not.toBe(first);
      first.run('a');
      db.prepare('INSERT INTO t (v) VALUES (?)').run('b');
      expect(db.prepare<[], { v: string }>('SELECT v FROM t ORDER BY id').all()).toEqual([{ v: 'a' }, { v: 'b' }]);
    } finally {
      db.close();
    }
  });

  it("never lets one caller's pluck, raw or expand mode leak into the next caller's rows", () => {
    const db = new Database(':memory:');
    cacheStatements(db);
    db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT); INSERT INTO t (v) VALUES ('a')");
    expect(db.prepare('SELECT id, v FROM t').pluck().get()).toBe(1);
    expect(db.prepare('SELECT id, v FROM t').get()).toEqual({ id: 1, v: 'a' });
    expect(db.prepare('SELECT id, v FROM t').raw().get()).toEqual([1, 'a']);
    expect(db.prepare('SELECT id, v FROM t').get()).toEqual({ id: 1, v: 'a' });
    expect(db.prepare('SELECT id, v FROM t').expand().get()).toEqual({ t: { id: 1, v: 'a' } });
    expect(db.prepare('SELECT id, v FROM t').get()).toEqual({ id: 1, v: 'a' });
    db.close();
  });

  it('keeps at most its bound, dropping the least recently used first', () => {
    const db = new Database(':memory:');
    cacheStatements(db, 3);
    const one = db.prepare('SELECT 1');
    const two = db.prepare('SELECT 2');
    db.prepare('SELECT 3');
    expect(db.prepare('SELECT 1')).toBe(one); // used again: now the most recent
    db.prepare('SELECT 4'); // evicts SELECT 2, the least recently used
    expect(db.prepare('SELECT 1')).toBe(one);
    expect(db.prepare('SELECT 2')).not.toBe(two);
    db.close();
  });

  it('still answers after a migration changes the table under a cached statement', () => {
    const db = new Database(':memory:');
    cacheStatements(db);
    db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT); INSERT INTO t (v) VALUES ('a')");
    expect(db.prepare('SELECT * FROM t').get()).toEqual({ id: 1, v: 'a' });
    db.exec("ALTER TABLE t ADD COLUMN w TEXT NOT NULL DEFAULT 'x'");
    expect(db.prepare('SELECT * FROM t').get()).toEqual({ id: 1, v: 'a', w: 'x' });
    db.close();
  });
});
