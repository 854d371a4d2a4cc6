// Builds the counter app (served by the hub at /, shown in the Electron shell).
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

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
