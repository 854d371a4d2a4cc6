// Proves the guard that replaced every "skip when the tool is missing": on a machine without
// the tool, with CI set or not, requiring it fails naming the tool, its Debian package and the
// fix; where the tool is, it gives its absolute path.
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { packageProviding, requireTestDatabaseUrl, requireTool } from './system-tools.js';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('requireTool', () => {
  it('fails naming pdftotext, poppler-utils and the fix when PATH has no pdftotext, under CI=true and without CI', () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'ismail-no-tools-'));
    vi.stubEnv('PATH', empty);
    for (const ci of ['true', '']) {
      vi.stubEnv('CI', ci);
      expect(() => requireTool('pdftotext')).toThrow(
        /pdftotext is not on PATH.*poppler-utils.*run npm test, or apt-get install poppler-utils/,
      );
    }
    expect(() => requireTool('soffice')).toThrow(/libreoffice-calc-nogui/);
    expect(() => requireTool('/nowhere/bin/qpdf')).toThrow(/\/nowhere\/bin\/qpdf does not exist.*qpdf/);
    expect(() => requireTool('no-such-tool-anywhere')).toThrow(
      /no-such-tool-anywhere.*not in tools\/system-packages\.json/,
    );
  });

  it('returns the absolute path of a tool found on PATH, and an absolute path as is', () => {
    const bin = mkdtempSync(path.join(tmpdir(), 'ismail-tools-'));
    const tool = path.join(bin, 'pdftotext');
    writeFileSync(tool, '#!/bin/sh\nexit 0\n');
    chmodSync(tool, 0o755);
    vi.stubEnv('PATH', ['', path.join(bin, 'missing'), bin].join(path.delimiter));
    expect(requireTool('pdftotext')).toBe(tool);
    expect(requireTool(tool)).toBe(tool);
    // Not executable: not a tool.
    chmodSync(tool, 0o644);
    expect(() => requireTool('pdftotext')).toThrow(/poppler-utils/);
  });

  it('knows the package of every command and absolute path in tools/system-packages.json', () => {
    expect(packageProviding('pdftoppm')).toBe('poppler-utils');
    expect(packageProviding('mosquitto_sub')).toBe('mosquitto-clients');
    expect(packageProviding('/usr/sbin/mosquitto')).toBe('mosquitto');
    expect(packageProviding('mosquitto')).toBe('mosquitto');
    expect(packageProviding('openssl')).toBe('openssl');
  });
});

describe('requireTestDatabaseUrl', () => {
  it('fails with the fix when ISMAIL_TEST_DATABASE_URL is not set, and gives it when it is', () => {
    expect(() => requireTestDatabaseUrl({})).toThrow(/ISMAIL_TEST_DATABASE_URL is not set.*npm test.*starts/);
    expect(() => requireTestDatabaseUrl({ ISMAIL_TEST_DATABASE_URL: '' })).toThrow(/ISMAIL_TEST_DATABASE_URL/);
    expect(requireTestDatabaseUrl({ ISMAIL_TEST_DATABASE_URL: 'postgres://u@h:5432/postgres' })).toBe(
      'postgres://u@h:5432/postgres',
    );
  });
});
