// Proves the dependency-direction check fails on a forbidden import (shared/ importing
// node:fs, cloud/ importing the hub) and passes on a clean tree.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './test-support/processes.js';

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'ismail-deps-'));
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), content);
  }
  return root;
}

function check(root: string): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, [path.join(repoRoot, 'tools', 'check-deps.mjs'), root], {
    encoding: 'utf8',
  });
  return { status: result.status, output: result.stdout + result.stderr };
}

const cleanShared = { 'shared/src/index.ts': 'export const rate = 50;\n' };

describe('dependency-direction check', () => {
  it('passes a clean tree', () => {
    const result = check(
      tree({
        ...cleanShared,
        'cloud/src/index.ts': "import { rate } from '../../shared/src/index.js';\nexport const r = rate;\n",
      }),
    );
    expect(result.output).toContain('0 violations');
    expect(result.status).toBe(0);
  });

  it('fails when shared/ imports node:fs', () => {
    const result = check(
      tree({ 'shared/src/index.ts': "import { readFileSync } from 'node:fs';\nexport const read = readFileSync;\n" }),
    );
    expect(result.status).toBe(1);
    expect(result.output).toContain('shared-no-node-builtins: shared/src/index.ts → fs');
  });

  it('fails when cloud/ imports the hub package', () => {
    const result = check(tree({ ...cleanShared, 'cloud/src/index.ts': "import '@ismail/hub';\n" }));
    expect(result.status).toBe(1);
    expect(result.output).toContain('cloud-not-hub');
  });

  it('fails when the renderer ships a server package, and lets its end-to-end tests start simulators', () => {
    const files = {
      'firmware-sim/src/index.ts': 'export const sim = 1;\n',
      'renderer/test/flow.e2e.test.ts':
        "import { sim } from '../../firmware-sim/src/index.js';\nexport const s = sim;\n",
    };
    const allowed = check(tree(files));
    expect(allowed.output).toContain('0 violations');
    const shipped = check(
      tree({
        ...files,
        'renderer/src/app.ts': "import { sim } from '../../firmware-sim/src/index.js';\nexport const s = sim;\n",
      }),
    );
    expect(shipped.status).toBe(1);
    expect(shipped.output).toContain('renderer-no-server-packages: renderer/src/app.ts');
  });

  it('fails when the renderer imports a Node module', () => {
    const result = check(tree({ 'renderer/src/app.ts': "import net from 'node:net';\nexport const n = net;\n" }));
    expect(result.status).toBe(1);
    expect(result.output).toContain('renderer-browser-safe');
  });
});
