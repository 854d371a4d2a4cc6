/**
 * The counter window's options for the Electron shell, kept here (compiled and tested
 * under plain Node) because they are the shell's security boundary: the page gets no Node,
 * runs isolated from the preload, in Chromium's sandbox, and may only talk to the hub.
 */

export interface CounterWindowOptions {
  width: number;
  height: number;
  kiosk: boolean;
  backgroundColor: string;
  title: string;
  webPreferences: {
    preload: string;
    contextIsolation: true;
    nodeIntegration: false;
    sandbox: true;
    webSecurity: true;
    allowRunningInsecureContent: false;
    spellcheck: false;
  };
}

export function counterWindowOptions(preloadPath: string, kiosk: boolean): CounterWindowOptions {
  return {
    width: 1280,
    height: 800,
    kiosk,
    backgroundColor: '#ffffff',
    title: 'ISMAIL — Guichet',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      nodeIntegration: false,
      sandbox: true,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
    },
  };
}

/** The window may show only the local hub; anything else opens nowhere (no drive-by navigation). */
export function isAllowedNavigation(target: string, hubUrl: string): boolean {
  try {
    return new URL(target).origin === new URL(hubUrl).origin;
  } catch {
    return false;
  }
}
