// Proves that killing the real hub process with SIGKILL in the middle of writes loses no
// acknowledged row and, when the counter retries the unanswered requests, duplicates none.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { builtEntry, freePort, startProcess, waitForHttp } from '../../tools/test-support/processes.js';

interface Attempt {
  readonly body: { id: string; name: string; transport: 'tcp'; host: string; port: number; widthMm: 80 };
  outcome: 'acknowledged' | 'unknown';
}

const rounds = 3;
const writesPerRound = 25;

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

describe('hub killed with SIGKILL during writes', () => {
  it(`keeps every acknowledged row over ${String(rounds)} kills and duplicates nothing on retry`, async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'ismail-hub-crash-'));
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${String(port)}`;
    const env = { HUB_PORT: String(port), ISMAIL_DATA_DIR: dataDir, LOG_LEVEL: 'silent' };
    const attempts: Attempt[] = [];

    for (let round = 0; round < rounds; round++) {
      const hub = startProcess(builtEntry('hub'), { ...env, HUB_RESPONSE_CHECK: 'throw' });
      await waitForHttp(`${baseUrl}/health`, 15_000);
      const token = readFileSync(path.join(dataDir, 'hub', 'admin-token'), 'utf8').trim();
      const post = (body: Attempt['body']) =>
        fetch(`${baseUrl}/api/v1/printers`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify(body),
        });

      // First, retry what the previous round left unanswered: the same id must not add a second row.
      for (const attempt of attempts.filter((a) => a.outcome === 'unknown')) {
        const response = await post(attempt.body);
        expect([200, 201]).toContain(response.status);
        attempt.outcome = 'acknowledged';
      }

      const killAfterAcks = 5 + Math.floor(Math.random() * 10);
      let acks = 0;
      let resolveKill: () => void = () => undefined;
      const killSignal = new Promise<void>((resolve) => (resolveKill = resolve));
      const worker = async (): Promise<void> => {
        for (;;) {
          const index = attempts.length;
          if (index >= (round + 1) * writesPerRound) return;
          const attempt: Attempt = {
            body: {
              id: randomUUID(),
              name: `Imprimante ${String(index)}`,
              transport: 'tcp',
              host: '10.0.0.9',
              port: 9100,
              widthMm: 80,
            },
            outcome: 'unknown',
          };
          attempts.push(attempt);
          try {
            const response = await post(attempt.body);
            if (response.status === 201) {
              attempt.outcome = 'acknowledged';
              if (++acks === killAfterAcks) resolveKill();
            }
          } catch {
            return; // the hub died under us: this attempt's outcome is unknown
          }
        }
      };
      const workers = Promise.all([worker(), worker(), worker(), worker()]);
      await Promise.race([killSignal, workers]);
      hub.kill('SIGKILL');
      await killed(hub);
      await workers;
    }

    // Final start: retry the last unanswered ones, then compare with what the store holds.
    const hub = startProcess(builtEntry('hub'), { ...env, HUB_RESPONSE_CHECK: 'throw' });
    try {
      await waitForHttp(`${baseUrl}/health`, 15_000);
      const token = readFileSync(path.join(dataDir, 'hub', 'admin-token'), 'utf8').trim();
      for (const attempt of attempts.filter((a) => a.outcome === 'unknown')) {
        const response = await fetch(`${baseUrl}/api/v1/printers`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify(attempt.body),
        });
        expect([200, 201]).toContain(response.status);
      }
      const listed = (await (await fetch(`${baseUrl}/api/v1/printers`)).json()) as { printers: { id: string }[] };
      const ids = listed.printers.map((p) => p.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.sort()).toEqual(attempts.map((a) => a.body.id).sort());
    } finally {
      hub.kill('SIGKILL');
      await killed(hub);
    }
    const db = new Database(path.join(dataDir, 'hub', 'hub.sqlite'), { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });
});
