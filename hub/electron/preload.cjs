// Preload for the counter window (CommonJS: sandboxed preloads cannot be ES modules).
// Exposes only facts about the shell; the page talks to the hub over HTTP like a browser,
// so the counter app is the same in Electron and in Chromium.
const { contextBridge } = require('electron');

contextBridge.exposeInMainWorld('ismailShell', Object.freeze({ kind: 'electron', platform: process.platform }));
