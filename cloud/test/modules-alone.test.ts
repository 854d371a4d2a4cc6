// A cloud with only the identity and wallet modules (issue 21.1): the app builds with just
// those two plugins, answers their routes and none of the others', refuses a module whose
// declared dependency is missing, and the identity and wallet suites pass on it (run in a
// child vitest with ISMAIL_TEST_MODULES=identity,wallet; see support/modules-under-test.ts).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allModules, buildCloudApp } from '../src/app.js';
import { migrate } from '../src/platform/db/migrate.js';
import { testBackends, testSecrets } from './support/databases.js';
import { moduleName } from './support/modules-under-test.js';

const byName = (name: string) => {
  const found = allModules.find((m) => moduleName(m) === name);
  if (found === undefined) throw new Error(`no module ${name}`);
  return found;
};
const here = path.dirname(new URL(import.meta.url).pathname);
/** The identity module's and the wallet module's own suites. */
const suites = [
  'cloud/test/auth.test.ts',
  'cloud/test/wallet-api.test.ts',
  'cloud/test/wallet-ledger.test.ts',
  'cloud/test/wallet-commissions.test.ts',
];
const repoRoot = path.join(here, '..', '..');

describe('a cloud with only the identity and wallet modules', () => {
  const embedded = testBackends[0];
  if (embedded === undefined) throw new Error('no embedded backend');

  it('serves identity and wallet routes, no other module’s, and refuses a module without its dependency', async () => {
    const db = await embedded.open();
    try {
      await migrate(db.pool);
      const app = await buildCloudApp({
        db,
        logLevel: 'silent',
        ...testSecrets(),
        modules: [byName('identity'), byName('wallet')],
      });
      const has = (method: 'GET' | 'POST', url: string) => app.hasRoute({ method, url });
      expect([has('POST', '/v1/auth/sign-in'), has('POST', '/v1/wallet/transfers'), has('GET', '/v1/wallet')]).toEqual([
        true,
        true,
        true,
      ]);
      const elsewhere: ['GET' | 'POST', string][] = [
        ['GET', '/v1/shop/products'],
        ['POST', '/v1/hubs/sync/push'],
        ['POST', '/v1/invoices'],
        ['POST', '/v1/cards/verify'],
        ['GET', '/v1/notifications'],
        ['POST', '/v1/wallet/top-ups/mobile-money'],
      ];
      expect(elsewhere.filter(([method, url]) => has(method, url))).toEqual([]);
      // The same routes do exist in a whole cloud: their absence above is the modules', not a typo's.
      const whole = await buildCloudApp({ db, logLevel: 'silent', ...testSecrets() });
      expect(elsewhere.filter(([method, url]) => !whole.hasRoute({ method, url }))).toEqual([]);
      await whole.close();
      expect(app.hasDecorator('wallet')).toBe(true);
      expect(app.hasDecorator('shop')).toBe(false);
      expect(app.jobs.names()).toEqual(['wallet.expire-holds', 'wallet.repay-overdrafts', 'wallet.commission-payout']);
      await app.close();
      await expect(
        buildCloudApp({ db, logLevel: 'silent', ...testSecrets(), modules: [byName('wallet')] }),
      ).rejects.toThrow(/identity/);
      await expect(
        buildCloudApp({ db, logLevel: 'silent', ...testSecrets(), modules: [byName('identity'), byName('shop')] }),
      ).rejects.toThrow(/wallet/);
    } finally {
      await db.close();
    }
  });

  it('passes the identity and wallet suites', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'ismail-modules-alone-'));
    try {
      const report = path.join(out, 'report.json');
      const run = spawnSync(
        process.execPath,
        [
          path.join(repoRoot, 'node_modules', 'vitest', 'vitest.mjs'),
          'run',
          '--project',
          'cloud',
          ...suites,
          '--maxWorkers=1',
          '--reporter=json',
          `--outputFile=${report}`,
        ],
        {
          cwd: repoRoot,
          // The parent's own vitest variables would make the child think it is one of its workers.
          env: {
            ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('VITEST'))),
            ISMAIL_TEST_MODULES: 'identity,wallet',
          },
          encoding: 'utf8',
          timeout: 600_000,
        },
      );
      const result = JSON.parse(readFileSync(report, 'utf8')) as {
        numPassedTests: number;
        numFailedTests: number;
        numPendingTests: number;
        testResults: { name: string }[];
      };
      expect(
        { failed: result.numFailedTests, skipped: result.numPendingTests, status: run.status },
        run.stderr.slice(-3000),
      ).toEqual({ failed: 0, skipped: 0, status: 0 });
      expect(result.testResults.map((r) => path.relative(repoRoot, r.name)).sort()).toEqual([...suites].sort());
      expect(result.numPassedTests).toBeGreaterThanOrEqual(suites.length);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 660_000);
});
