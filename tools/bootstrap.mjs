#!/usr/bin/env node
// Makes a fresh clone runnable: checks Node's version and installs dependencies from the
// committed package-lock.json when node_modules is missing or was installed from another
// lock. Plain JavaScript with no dependencies, because it runs before any are installed.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  process.stderr.write(`ismail: Node ${process.versions.node} is too old; install Node 20.19 or newer.\n`);
  process.exit(1);
}

const lockFile = path.join(root, 'package-lock.json');
const stampFile = path.join(root, 'node_modules', '.ismail-lock-sha256');
const lockHash = createHash('sha256').update(readFileSync(lockFile)).digest('hex');
const installed = existsSync(stampFile) && readFileSync(stampFile, 'utf8').trim() === lockHash;

if (!installed) {
  process.stdout.write('ismail: installing dependencies from package-lock.json (npm ci)…\n');
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    process.stderr.write('ismail: npm ci failed; see the messages above.\n');
    process.exit(result.status ?? 1);
  }
  writeFileSync(stampFile, `${lockHash}\n`);
}
