// Electron main process: a thin shell. It owns the window and the hub core's process
// lifecycle, nothing else: the hub runs as its own Node process (ELECTRON_RUN_AS_NODE), so
// a crash of the core restarts the core, not the window, and the same core runs headless
// without Electron (`node hub/dist/src/main.js`).
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, shell } from 'electron';
import { counterWindowOptions, isAllowedNavigation } from '../dist/src/shell/window-options.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const hubUrl = `http://127.0.0.1:${process.env.HUB_PORT ?? '8090'}/`;
const coreRestartDelayMs = 2000;
let core;
let quitting = false;

// Installed (packaged), the data lives in the user's application folder and the counter app in
// the resources folder; from a checkout, the usual defaults apply.
function coreEnv() {
  if (!app.isPackaged) return { ...process.env, ELECTRON_RUN_AS_NODE: '1' };
  return {
    ISMAIL_DATA_DIR: app.getPath('userData'),
    HUB_COUNTER_APP_DIR: path.join(process.resourcesPath, 'counter'),
    ...process.env,
    ELECTRON_RUN_AS_NODE: '1',
  };
}

// The counter starts with the session (ISMAIL_AUTOSTART=0 turns it off): Windows and macOS
// through the login items, Linux through an XDG autostart entry. Only for an installed app.
function enableAutoStart() {
  if (!app.isPackaged || process.env.ISMAIL_AUTOSTART === '0') return;
  if (process.platform === 'linux') {
    const dir = path.join(app.getPath('appData'), 'autostart');
    mkdirSync(dir, { recursive: true });
    const exec = process.env.APPIMAGE ?? process.execPath;
    writeFileSync(
      path.join(dir, 'ismail-guichet.desktop'),
      `[Desktop Entry]\nType=Application\nName=ISMAIL Guichet\nExec="${exec}"\nX-GNOME-Autostart-enabled=true\n`,
    );
  } else {
    app.setLoginItemSettings({ openAtLogin: true });
  }
}

function startCore() {
  core = spawn(process.execPath, [path.join(here, '..', 'dist', 'src', 'main.js')], {
    env: coreEnv(),
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
  enableAutoStart();
  startCore();
  await waitForHub(30_000);
  const window = new BrowserWindow(
    counterWindowOptions(path.join(here, 'preload.cjs'), process.env.ISMAIL_KIOSK === '1'),
  );
  await window.loadURL(hubUrl);
}
