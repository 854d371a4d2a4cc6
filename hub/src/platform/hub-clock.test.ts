// Proves the hub clock against a machine clock set back by an hour between two sales (order and stamps
// hold, while running and across a restart), that the counter survives a restart and a rolled-back record,
// and how it learns the cloud's offset (whole-second policy times, sharper push answers, contradictions).
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateHubDatabase } from '../store/migrate.js';
import { openHubDatabase, type HubDatabase } from '../store/open.js';
import { Outbox } from '../sync/outbox.js';
import { HubClock, type ClockSources } from './hub-clock.js';

const hourMs = 3_600_000;

/** A machine whose wall clock the test sets, and a monotonic clock that only moves forward. */
class FakeMachine implements ClockSources {
  wall = Date.parse('2026-12-06T10:00:00.000Z');
  mono = 1_000;
  wallMs(): number {
    return this.wall;
  }
  monoMs(): number {
    return this.mono;
  }
  /** Real time passes. */
  advance(ms: number): void {
    this.wall += ms;
    this.mono += ms;
  }
}

interface Row {
  seq: number;
  at: string;
  cloud_at: string;
  clock_tick: number;
}

describe('the hub clock', () => {
  let dir: string;
  let file: string;
  let db: HubDatabase;
  let machine: FakeMachine;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'ismail-clock-'));
    file = path.join(dir, 'hub.sqlite');
    db = openHubDatabase(file);
    migrateHubDatabase(db);
    machine = new FakeMachine();
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const sale = (outbox: Outbox): number =>
    db.transaction(() => outbox.append('wallet.cash_top_up', { accountId: randomUUID(), amountXof: 500 }))();
  const rows = (): Row[] => db.prepare<[], Row>('SELECT seq, at, cloud_at, clock_tick FROM outbox ORDER BY seq').all();

  it('keeps order and never stamps earlier when the machine clock is set back an hour between two sales', () => {
    const clock = new HubClock(db, machine);
    const outbox = new Outbox(db, clock);
    // The cloud said it was 10:00:00.000 (the machine is right), over a 20 ms exchange.
    clock.learn(machine.wall - 10, machine.wall - 20, machine.wall);
    sale(outbox);
    machine.advance(5_000);
    machine.wall -= hourMs;
    sale(outbox);
    const [first, second] = rows();
    expect(second?.seq).toBeGreaterThan(first?.seq ?? Infinity);
    expect(second?.clock_tick).toBeGreaterThan(first?.clock_tick ?? Infinity);
    // Running, the monotonic clock counts: the second sale is 5 s after the first, as it really was.
    expect(Date.parse(second?.cloud_at ?? '') - Date.parse(first?.cloud_at ?? '')).toBe(5_000);
    expect(second?.at).toBe(second?.cloud_at);
    // The jump shows as the offset (hub minus cloud) for the alerts, until the cloud answers again.
    expect(clock.offsetMs()).toBe(-hourMs);
  });

  it('after a restart with the clock set back an hour and no cloud, stamps stay put rather than go back', () => {
    const outbox = new Outbox(db, new HubClock(db, machine));
    sale(outbox);
    db.close();
    machine.advance(60_000);
    machine.wall -= hourMs;
    machine.mono = 0; // A new process: its monotonic clock starts again.
    db = openHubDatabase(file);
    const restarted = new Outbox(db, new HubClock(db, machine));
    sale(restarted);
    machine.advance(1_000);
    sale(restarted);
    const stamps = rows().map((r) => Date.parse(r.cloud_at));
    expect(rows().map((r) => r.clock_tick)).toEqual([1, 2, 3]);
    expect(stamps[1]).toBe(stamps[0]);
    expect(stamps[2]).toBe(stamps[0]);
  });

  it('keeps its counter across a restart and never reuses a value a rolled-back sale took', () => {
    const clock = new HubClock(db, machine);
    expect([clock.tick(), clock.tick()]).toEqual([1, 2]);
    expect(() =>
      db.transaction(() => {
        expect(clock.tick()).toBe(3);
        throw new Error('the sale failed');
      })(),
    ).toThrow('the sale failed');
    db.close();
    db = openHubDatabase(file);
    const restarted = new HubClock(db, machine);
    expect(restarted.tick()).toBe(3);
    expect(restarted.tick()).toBe(4);
  });

  it('starts its counter above the records written before it existed', () => {
    const outbox = new Outbox(db, new HubClock(db, machine));
    sale(outbox);
    // As the migration found an outbox of 41 records: their seq became their tick.
    db.prepare("UPDATE hub_meta SET value = '41' WHERE key = 'clock_tick'").run();
    expect(new HubClock(db, machine).tick()).toBe(42);
  });

  it('learns the offset from a policy’s whole-second time, then a sharper push answer, and keeps it over a restart', () => {
    const clock = new HubClock(db, machine);
    expect(clock.offsetMs()).toBeNull();
    // The machine is 95.4 s ahead of the cloud; the policy says iat in whole seconds.
    const cloudNow = machine.wall - 95_400;
    clock.learn(Math.floor(cloudNow / 1000) * 1000, machine.wall - 40, machine.wall, 1_000);
    expect(Math.abs((clock.offsetMs() ?? 0) - 95_400)).toBeLessThanOrEqual(520);
    // A push answer in milliseconds, over a 10 ms exchange, replaces it.
    clock.learn(cloudNow - 5, machine.wall - 10, machine.wall);
    expect(clock.offsetMs()).toBe(95_400);
    // A later policy agreeing within its resolution does not blur the sharper figure.
    machine.advance(60_000);
    clock.learn(Math.floor((machine.wall - 95_400) / 1000) * 1000, machine.wall - 40, machine.wall, 1_000);
    expect(clock.offsetMs()).toBe(95_400);
    expect(clock.now().getTime()).toBe(machine.wall - 95_400);
    db.close();
    db = openHubDatabase(file);
    machine.mono = 0;
    // Kept to within 50 ms (a push answer comes with every batch: not every few ms of jitter is written).
    expect(Math.abs((new HubClock(db, machine).offsetMs() ?? 0) - 95_400)).toBeLessThanOrEqual(50);
  });

  it('takes a contradicting answer even when less sharp (the cloud or the machine was corrected)', () => {
    const clock = new HubClock(db, machine);
    clock.learn(machine.wall, machine.wall - 10, machine.wall);
    expect(clock.offsetMs()).toBe(-5);
    clock.learn(machine.wall - 120_000, machine.wall - 400, machine.wall, 1_000);
    expect(Math.abs((clock.offsetMs() ?? 0) - 120_000)).toBeLessThanOrEqual(1_000);
  });

  it('is one clock per database in a process', () => {
    expect(HubClock.for(db)).toBe(HubClock.for(db));
    expect(new Outbox(db).clock).toBe(HubClock.for(db));
  });
});
