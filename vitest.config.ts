// One vitest run for every package: unit tests beside the code (src/**), integration tests
// in each package's test/. Workspace packages resolve to their TypeScript sources here, so
// tests never run against a stale build; tests that spawn real processes use the build
// that `npm test` makes first.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const source = (pkg: string): string => fileURLToPath(new URL(`./${pkg}/src/index.ts`, import.meta.url));
const alias = {
  '@ismail/shared': source('shared'),
  '@ismail/drivers': source('drivers'),
  '@ismail/cloud': source('cloud'),
  '@ismail/hub': source('hub'),
  '@ismail/firmware-sim': source('firmware-sim'),
};

const project = (name: string, environment: 'node' = 'node', isolate = true) => ({
  resolve: { alias },
  test: {
    name,
    root: fileURLToPath(new URL(`./${name}`, import.meta.url)),
    include: ['src/**/*.test.{ts,tsx}', 'test/**/*.test.{ts,tsx}'],
    environment,
    isolate,
    // Projects do not inherit the root's timeouts: PGlite start-up and child processes need more than 5 s.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});

export default defineConfig({
  test: {
    projects: [
      project('shared'),
      project('drivers'),
      // Not isolated: each worker imports the cloud's modules once, not once per file (import was ~420 s of worker
      // time in a CI run, 32 s without isolation). Safe here: no cloud test mocks modules (vi.mock) or changes
      // process.env, and module-level state (caches keyed by what they hold) is per app or per key set.
      project('cloud', 'node', false),
      project('hub'),
      project('renderer'),
      project('firmware-sim'),
      project('cli'),
      {
        resolve: { alias },
        test: {
          name: 'tools',
          root: fileURLToPath(new URL('./tools', import.meta.url)),
          include: ['**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
    // Our machines have 2 cores; PGlite and child processes are heavy, so at most 2 files at once.
    maxWorkers: 2,
    passWithNoTests: false,
  },
});
