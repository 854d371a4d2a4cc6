// Builds the counter app (served by the hub at /, shown in the Electron shell).
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: new URL('./counter', import.meta.url).pathname,
  base: './',
  plugins: [react()],
  build: {
    outDir: new URL('./dist/counter', import.meta.url).pathname,
    emptyOutDir: true,
    // The counter runs on modest machines over loopback; keep the bundle lean and legible.
    sourcemap: true,
  },
});
