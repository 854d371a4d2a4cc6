#!/usr/bin/env node
// `npm test`: typecheck (which also builds, since child-process tests run the build), lint,
// the dependency-direction check, the counter app build, then every vitest suite. Suites
// backed by a database run on the embedded PostgreSQL, and also on a real server when
// ISMAIL_TEST_DATABASE_URL is set (.ci/run does that). Extra arguments go to vitest.
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runSteps } from './run-steps.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const reportFile = path.join(root, '.test-output', 'vitest.json');
rmSync(reportFile, { force: true });
const server = process.env.ISMAIL_TEST_DATABASE_URL;
process.stdout.write(
  server ? `ismail: database suites run on embedded PGlite and on the PostgreSQL server at ${new URL(server).host}\n` : 'ismail: database suites run on embedded PGlite (set ISMAIL_TEST_DATABASE_URL to add a PostgreSQL server)\n',
);

const ok = runSteps(root, [
  { name: 'typecheck and build (tsc -b)', command: [bin('tsc'), '-b'] },
  { name: 'lint (eslint, type-aware)', command: [bin('eslint'), '--max-warnings', '0', '.'] },
  { name: 'dependency direction', command: [process.execPath, path.join(root, 'tools', 'check-deps.mjs')] },
  { name: 'counter app build (vite)', command: ['npm', 'run', 'build', '-w', 'renderer', '--silent'] },
  {
    name: 'test suites (vitest)',
    // CI logs list every test by name, so the log shows which ran on the PostgreSQL server.
    command: [bin('vitest'), 'run', `--reporter=${process.env.CI ? 'verbose' : 'default'}`, '--reporter=json', `--outputFile.json=${reportFile}`, ...process.argv.slice(2)],
  },
]);

try {
  const report = JSON.parse(readFileSync(reportFile, 'utf8'));
  // The plain closing line CI reads, whatever vitest's own summary looks like.
  process.stdout.write(`\nismail: ${String(report.numPassedTests)} passed, ${String(report.numFailedTests)} failed, ${String(report.numPendingTests + report.numTodoTests)} skipped\n`);
} catch {
  // vitest did not run (an earlier step failed): the step's own message says why.
}
process.exit(ok ? 0 : 1);
