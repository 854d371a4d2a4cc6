// Builds the counter app (served by the hub at /, shown in the Electron shell).
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// A build is a production build even when a test runner (NODE_ENV=test) starts it, as the npm start test does:
// otherwise React's development runtime ships, and the portal's bundle budget fails.
process.env.NODE_ENV = 'production';

export default defineConfig({
  root: new URL('./counter', import.meta.url).pathname,
  base: './',
  // Copied as they are to the build's top level, so the hub serves /favicon.ico (browsers ask for it) and /favicon.svg.
  publicDir: new URL('./public', import.meta.url).pathname,
  plugins: [react()],
  build: {
    outDir: new URL('./dist/counter', import.meta.url).pathname,
    emptyOutDir: true,
    // The counter runs on modest machines over loopback; keep the bundle lean and legible.
    sourcemap: true,
  },
});
