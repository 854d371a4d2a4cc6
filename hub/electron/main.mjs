// Electron main process: a thin shell. It owns the window and the hub core's process
// lifecycle, nothing else: the hub runs as its own Node process (ELECTRON_RUN_AS_NODE), so
// a crash of the core restarts the core, not the window, and the same core runs headless
// without Electron (`node hub/dist/src/main.js`).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, shell } from 'electron';
import { counterWindowOptions, isAllowedNavigation } from '../dist/src/shell/window-options.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const hubUrl = `http://127.0.0.1:${process.env.HUB_PORT ?? '8090'}/`;
const coreRestartDelayMs = 2000;
let core;
let quitting = false;

function startCore() {
  core = spawn(process.execPath, [path.join(here, '..', 'dist', 'src', 'main.js')], {
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    stdio: 'inherit',
  });
  core.on('exit', () => {
    if (!quitting) setTimeout(startCore, coreRestartDelayMs);
  });
}

async function waitForHub(deadlineMs) {
  const deadline = Date.now() + deadlineMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${hubUrl}health`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => BrowserWindow.getAllWindows()[0]?.focus());
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, target) => {
      if (!isAllowedNavigation(target, hubUrl)) event.preventDefault();
    });
    contents.setWindowOpenHandler(({ url }) => {
      if (url.startsWith('https://')) void shell.openExternal(url);
      return { action: 'deny' };
    });
  });
  app.on('before-quit', () => {
    quitting = true;
    core?.kill('SIGTERM');
  });
  app.on('window-all-closed', () => app.quit());
  await app.whenReady();
  startCore();
  await waitForHub(30_000);
  const window = new BrowserWindow(counterWindowOptions(path.join(here, 'preload.cjs'), process.env.ISMAIL_KIOSK === '1'));
  await window.loadURL(hubUrl);
}
