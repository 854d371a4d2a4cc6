#!/usr/bin/env node
// `npm test`: the Debian packages the suites need (installed when missing), a throwaway
// PostgreSQL server, then typecheck (which also builds, since child-process tests run the
// build), lint, the dependency-direction check, the counter app build and every vitest
// suite. Database suites and real-process tests run on that server, and those that ask on
// the embedded PostgreSQL too (ISMAIL_TEST_ALL_DATABASES=1: all on both; see
// tools/test-support/test-databases.ts); ISMAIL_TEST_DATABASE_URL names another server to
// use instead of starting one.
// Extra arguments go to vitest.
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPostgresServer } from './pg-server.mjs';
import { runSteps } from './run-steps.mjs';
import { ensureSystemPackages } from './system-packages.mjs';
import { summarise } from './test-summary.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const reportFile = path.join(root, '.test-output', 'vitest.json');

// Before anything else: a missing package stops the run here, with the command to install it.
if (!ensureSystemPackages()) process.exit(1);
rmSync(reportFile, { force: true });

let server;
if (process.env.ISMAIL_TEST_DATABASE_URL === undefined || process.env.ISMAIL_TEST_DATABASE_URL === '') {
  server = await startPostgresServer();
  process.env.ISMAIL_TEST_DATABASE_URL = server.url;
  const stop = () => server?.stop();
  process.on('exit', stop);
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      stop();
      process.exit(130);
    });
  }
  process.stdout.write(
    `ismail: started a throwaway ${server.version} on ${new URL(server.url).host} for the test run\n`,
  );
}
const serverHost = new URL(process.env.ISMAIL_TEST_DATABASE_URL).host;
process.stdout.write(
  process.env.ISMAIL_TEST_ALL_DATABASES === '1'
    ? `ismail: database suites run on embedded PGlite and on the PostgreSQL server at ${serverHost}\n`
    : `ismail: database suites run on the PostgreSQL server at ${serverHost}, those that ask on ` +
        'embedded PGlite too (npm run test:all-databases: all on both)\n',
);

const ok = runSteps(root, [
  { name: 'typecheck and build (tsc -b)', command: [bin('tsc'), '-b'] },
  { name: 'lint (eslint, type-aware)', command: [bin('eslint'), '--max-warnings', '0', '.'] },
  { name: 'formatting (prettier --check)', command: [bin('prettier'), '--check', '--log-level', 'warn', '.'] },
  { name: 'dependency direction', command: [process.execPath, path.join(root, 'tools', 'check-deps.mjs')] },
  {
    name: 'counter and portal builds (vite, bundle budget)',
    command: ['npm', 'run', 'build', '-w', 'renderer', '--silent'],
  },
  {
    name: 'test suites (vitest)',
    // CI logs list every test by name, so the log shows which ran on the PostgreSQL server.
    command: [
      bin('vitest'),
      'run',
      `--reporter=${process.env.CI ? 'verbose' : 'default'}`,
      '--reporter=json',
      `--outputFile.json=${reportFile}`,
      ...process.argv.slice(2),
    ],
  },
]);

try {
  process.stdout.write(summarise(JSON.parse(readFileSync(reportFile, 'utf8'))));
} catch {
  // vitest did not run (an earlier step failed): the step's own message says why.
}
server?.stop();
process.exit(ok ? 0 : 1);
