// Proves the Electron counter window cannot reach Node or leave the local hub.
import { describe, expect, it } from 'vitest';
import { counterWindowOptions, isAllowedNavigation } from './window-options.js';

describe('counter window options', () => {
  it('isolates the page from Node and the preload', () => {
    const options = counterWindowOptions('/app/preload.cjs', false);
    expect(options.webPreferences).toMatchObject({
      contextIsolation: true,
      nodeIntegration: false,
      sandbox: true,
      preload: '/app/preload.cjs',
    });
  });

  it('allows navigation only within the hub origin', () => {
    const hub = 'http://127.0.0.1:8090/';
    expect(isAllowedNavigation('http://127.0.0.1:8090/ventes', hub)).toBe(true);
    expect(isAllowedNavigation('http://127.0.0.1:8091/', hub)).toBe(false);
    expect(isAllowedNavigation('https://evil.example/', hub)).toBe(false);
    expect(isAllowedNavigation('file:///etc/passwd', hub)).toBe(false);
    expect(isAllowedNavigation('not a url', hub)).toBe(false);
  });
});
