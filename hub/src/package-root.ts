/**
 * The hub package's folder, found by walking up from this module to its package.json,
 * so the same code finds `migrations/` and the counter app whether it runs from `src/` (tests) or `dist/src/`.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageRoot(start: string, name: string): string {
  let dir = start;
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === name) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`package ${name} not found above ${start}`);
    dir = parent;
  }
}

export const hubPackageRoot = findPackageRoot(path.dirname(fileURLToPath(import.meta.url)), '@ismail/hub');
