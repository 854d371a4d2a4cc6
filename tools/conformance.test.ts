// The conformance suite (conformance/) in CI: its card vectors against the shared verifier, and
// the whole suite against a real cloud and hub started as `npm start` starts them (the built
// processes, demo data, the hub paired through its own pairing route, a ticket printer added),
// on each test database; it must exit 0. Lives here because the root vitest config runs tools/**.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listingFrom, verifyCardToken, type RevocationList } from '@ismail/shared';
import { startDemoCloud } from './test-support/demo-cloud.js';
import { adminHeaders, pairHub } from './test-support/hub-admin.js';
import {
  builtEntry,
  exited,
  freePort,
  repoRoot,
  runToEnd,
  startProcess,
  waitForHttp,
} from './test-support/processes.js';
import { cloudDatabases } from './test-support/test-databases.js';

interface Vector {
  readonly name: string;
  readonly nowS: number;
  readonly keys: Parameters<typeof verifyCardToken>[1]['keys'];
  readonly revocations: RevocationList;
  readonly presentations: readonly { token: string; expect: { ok: boolean; reason?: string; sub?: string } }[];
}

const vectorsDir = path.join(repoRoot, 'conformance', 'vectors');
const vectors = readdirSync(vectorsDir)
  .filter((name) => name.endsWith('.json') && name !== 'test-keys.json')
  .map((name) => JSON.parse(readFileSync(path.join(vectorsDir, name), 'utf8')) as Vector);

describe('card verification vectors', () => {
  it('cover valid, tampered, expired, revoked, wrong key and replayed dynamic code', () => {
    const refusals = new Set(vectors.flatMap((v) => v.presentations.map((p) => p.expect.reason ?? 'accepted')));
    for (const wanted of ['accepted', 'TAMPERED', 'EXPIRED', 'REVOKED', 'UNKNOWN_KEY', 'REPLAYED', 'MALFORMED'])
      expect(refusals).toContain(wanted);
  });

  it.each(vectors.map((v) => [v.name, v] as const))('%s: the shared verifier answers as written', async (_, vector) => {
    const seen = new Set<string>();
    for (const presentation of vector.presentations) {
      const result = await verifyCardToken(presentation.token, {
        keys: vector.keys,
        nowS: vector.nowS,
        listing: listingFrom(vector.revocations),
        firstUse: (jti) => {
          if (seen.has(jti)) return false;
          seen.add(jti);
          return true;
        },
      });
      expect(result.ok).toBe(presentation.expect.ok);
      if (!result.ok) expect(result.reason).toBe(presentation.expect.reason);
      else expect(result.claims.sub).toBe(presentation.expect.sub);
    }
  });

  it('are refused once their clock moves on: a vector is not valid at any time', async () => {
    const valid = vectors.find((v) => v.name === 'valid-dynamic');
    const token = valid?.presentations[0]?.token ?? '';
    const later = await verifyCardToken(token, {
      keys: valid?.keys ?? { keys: [] },
      nowS: (valid?.nowS ?? 0) + 3600,
      listing: () => undefined,
      firstUse: () => true,
    });
    expect(later.ok ? 'accepted' : later.reason).toBe('EXPIRED');
  });
});

describe.each(cloudDatabases)('conformance suite on $name', (database) => {
  it('passes against a demo cloud and a paired hub', { timeout: 600_000 }, async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'ismail-conformance-'));
    const demo = await startDemoCloud(root, database);
    const hubPort = await freePort();
    const hubUrl = `http://127.0.0.1:${String(hubPort)}`;
    const hub = startProcess(builtEntry('hub'), {
      HUB_PORT: String(hubPort),
      HUB_MQTT_PORT: String(await freePort()),
      ISMAIL_DATA_DIR: path.join(root, 'hub'),
      CLOUD_URL: demo.url,
      LOG_LEVEL: 'silent',
    });
    let passed = false;
    try {
      await waitForHttp(`${hubUrl}/health`, 60_000);
      // What npm start does for its demo hub: pair it with the demo boutique, add the ticket printer.
      const admin = adminHeaders(path.join(root, 'hub'));
      expect(await pairHub(hubUrl, admin, await demo.registerHub('Hub démo'))).toBe(200);
      const printer = await fetch(`${hubUrl}/api/v1/printers`, {
        method: 'POST',
        headers: admin,
        body: JSON.stringify({
          id: randomUUID(),
          name: 'Caisse 1',
          transport: 'tcp',
          host: '127.0.0.1',
          port: await freePort(),
          widthMm: 80,
        }),
      });
      expect(printer.status).toBe(201);
      const suite = await runToEnd(path.join(repoRoot, 'conformance', 'run.mjs'), {}, 240_000, [
        '--cloud',
        demo.url,
        '--hub',
        hubUrl,
        '--operator-token-file',
        path.join(root, 'cloud', 'cloud', 'operator-token'),
        '--hub-admin-token-file',
        path.join(root, 'hub', 'hub', 'admin-token'),
      ]);
      const report = `${suite.stdout}${suite.stderr}`;
      expect(report, report).toMatch(/^ok {4}cloud push: a gap is not applied/m);
      expect(report).toMatch(/^ok {4}hub printing:/m);
      expect(report).not.toMatch(/^FAIL/m);
      expect(suite.code, report).toBe(0);
      passed = true;
    } finally {
      hub.kill('SIGTERM');
      demo.process.kill('SIGTERM');
      await Promise.all([exited(hub), exited(demo.process)]);
      // Kept when it failed: the data says why.
      if (passed) rmSync(root, { recursive: true, force: true });
    }
  });
});
