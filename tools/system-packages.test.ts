// Proves `npm test` finds the Debian packages the suites need from its one list, and that
// without root or sudo and with a package missing it stops before any suite with one line
// giving the exact command to run.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ensureSystemPackages,
  installCommand,
  missingPackages,
  provided,
  readPackageList,
} from './system-packages.mjs';
import { repoRoot } from './test-support/processes.js';

const fakeTool = (dir: string, name: string): void => {
  writeFileSync(path.join(dir, name), '#!/bin/sh\nexit 0\n');
  chmodSync(path.join(dir, name), 0o755);
};

describe('system packages for the tests', () => {
  it('lists every package the suites and CI use, each with why', () => {
    const names = readPackageList().map((p) => p.name);
    for (const name of [
      'postgresql',
      'poppler-utils',
      'qpdf',
      'wkhtmltopdf',
      'chromium',
      'mosquitto',
      'mosquitto-clients',
      'libreoffice-calc-nogui',
      'openssl',
    ])
      expect(names).toContain(name);
    for (const p of readPackageList()) expect(p.why.length).toBeGreaterThan(10);
  });

  it('finds commands on PATH and absolute paths with a folder wildcard, and names what is missing', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ismail-syspkg-'));
    fakeTool(dir, 'pdftotext');
    expect(provided('pdftotext', dir)).toBe(true);
    expect(provided('pdftoppm', dir)).toBe(false);
    expect(provided(`${path.dirname(dir)}/*/pdftotext`, undefined)).toBe(true);
    const list = [
      { name: 'poppler-utils', provides: ['pdftotext', 'pdftoppm'], why: 'PDFs read back' },
      { name: 'libreoffice-calc-nogui', provides: ['soffice'], why: 'XLSX opened', noRecommends: true },
    ];
    expect(missingPackages(list, dir).map((p) => p.name)).toEqual(['poppler-utils', 'libreoffice-calc-nogui']);
    fakeTool(dir, 'pdftoppm');
    expect(missingPackages(list, dir).map((p) => p.name)).toEqual(['libreoffice-calc-nogui']);
    expect(installCommand(list, 'sudo ')).toBe(
      'sudo apt-get update && sudo apt-get install -y poppler-utils && sudo apt-get install -y --no-install-recommends libreoffice-calc-nogui',
    );
  });

  it('without the right to install, says so in one line with the command and does not try', () => {
    const written: string[] = [];
    const ok = ensureSystemPackages({
      env: { PATH: mkdtempSync(path.join(tmpdir(), 'ismail-empty-path-')) },
      out: { write: (t: string) => written.push(`out:${t}`) },
      err: { write: (t: string) => written.push(`err:${t}`) },
      packages: [{ name: 'poppler-utils', provides: ['pdftotext'], why: 'PDFs read back' }],
    });
    expect(ok).toBe(false);
    expect(written).toEqual([
      'err:ismail: the tests need Debian packages that are missing (poppler-utils); install them with: sudo apt-get update && sudo apt-get install -y poppler-utils\n',
    ]);
  });

  it('npm test run by a user without root or sudo, with packages missing, stops before any suite with one line naming the command', () => {
    // Only node on PATH: every listed tool is missing, and neither apt-get nor sudo is found.
    const bin = mkdtempSync(path.join(tmpdir(), 'ismail-node-only-'));
    symlinkSync(process.execPath, path.join(bin, 'node'));
    chmodSync(bin, 0o755);
    const script = path.join(repoRoot, 'tools', 'test.mjs');
    const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
    // As root, run it as `nobody` so it truly has no right to install.
    const [command, args] = asRoot
      ? ['/usr/sbin/runuser', ['-u', 'nobody', '--', path.join(bin, 'node'), script]]
      : [path.join(bin, 'node'), [script]];
    const result = spawnSync(command, args, {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { PATH: bin, HOME: tmpdir() },
      timeout: 60_000,
    });
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^ismail: the tests need Debian packages that are missing \(.*poppler-utils, .*chromium.*\); install them with: sudo apt-get update && sudo apt-get install -y .*poppler-utils .*chromium.* && sudo apt-get install -y --no-install-recommends libreoffice-calc-nogui$/,
    );
    // Stopped before the first step: nothing was typechecked, no server started, no suite ran.
    expect(result.stdout).not.toMatch(/== |PostgreSQL|vitest/);
  });
});
