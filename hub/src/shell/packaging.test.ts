// The installer configuration (electron-builder.yml) cannot be run here (Electron's binary
// cannot be downloaded), so its promises are checked as data: Windows NSIS and Linux AppImage
// and deb targets, native modules rebuilt from source for Electron and kept out of the asar,
// and the counter app shipped where the shell tells the hub to find it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { hubPackageRoot } from '../package-root.js';

const config = parse(readFileSync(path.join(hubPackageRoot, 'electron-builder.yml'), 'utf8')) as {
  win: { target: { target: string }[] };
  linux: { target: string[] };
  npmRebuild: boolean;
  buildDependenciesFromSource: boolean;
  asarUnpack: string[];
  extraResources: { from: string; to: string }[];
  files: string[];
};
const shell = readFileSync(path.join(hubPackageRoot, 'electron', 'main.mjs'), 'utf8');

describe('counter installer configuration', () => {
  it('builds NSIS for Windows and AppImage and deb for Linux, rebuilding native modules for Electron', () => {
    expect(config.win.target.map((t) => t.target)).toEqual(['nsis']);
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.npmRebuild).toBe(true);
    expect(config.buildDependenciesFromSource).toBe(true);
    for (const native of ['better-sqlite3', '@serialport', 'usb'])
      expect(config.asarUnpack.some((p) => p.includes(native))).toBe(true);
  });

  it('ships the hub core, its migrations and the counter app where the shell points the hub', () => {
    expect(config.files).toEqual(expect.arrayContaining(['electron/**', 'dist/src/**', 'migrations/**']));
    expect(config.extraResources).toEqual([{ from: '../renderer/dist/counter', to: 'counter' }]);
    expect(shell).toContain("HUB_COUNTER_APP_DIR: path.join(process.resourcesPath, 'counter')");
    // One window per machine, the core in its own process restarted on crash, kiosk and autostart options.
    expect(shell).toContain('requestSingleInstanceLock');
    expect(shell).toContain('ELECTRON_RUN_AS_NODE');
    expect(shell).toMatch(/on\('exit'[\s\S]*setTimeout\(startCore/);
    expect(shell).toContain('ISMAIL_KIOSK');
    expect(shell).toContain('setLoginItemSettings');
  });
});
