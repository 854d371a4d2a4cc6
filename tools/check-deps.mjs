#!/usr/bin/env node
// Checks the dependency direction of STYLE.md over the source folders of a tree (the repo
// by default, or the folder given as first argument: the test runs it on a fixture tree).
// Exits 1 and prints each violation when a rule is broken.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise } from 'dependency-cruiser';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const root = path.resolve(process.argv[2] ?? repoRoot);
const packages = ['shared', 'drivers', 'cloud', 'hub', 'renderer', 'firmware-sim', 'cli'];
const sourceFolders = packages
  .flatMap((name) => ['src', 'test', 'electron', 'e2e'].map((folder) => `${name}/${folder}`))
  .filter((folder) => existsSync(path.join(root, folder)));

const { default: config } = await import(path.join(repoRoot, '.dependency-cruiser.cjs'));
process.chdir(root);
const options = {
  ...config.options,
  tsConfig: { fileName: path.join(repoRoot, 'tsconfig.base.json') },
  ruleSet: { forbidden: config.forbidden },
  validate: true,
  baseDir: root,
};
const result = await cruise(sourceFolders, options);
const violations = result.output.summary.violations.filter((v) => v.rule.severity === 'error');
for (const v of violations) process.stdout.write(`dependency rule ${v.rule.name}: ${v.from} → ${v.to}\n`);
process.stdout.write(
  `dependency check: ${String(result.output.summary.totalCruised)} modules, ${String(violations.length)} violations\n`,
);
process.exit(violations.length === 0 ? 0 : 1);
