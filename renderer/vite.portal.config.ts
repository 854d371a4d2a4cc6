// Builds the client portal (served by the cloud at /): a PWA whose service worker precaches the
// shell only. API answers are never cached by it (the last balance comes from TanStack Query's
// persisted cache) and writes are never queued for replay: no background sync. It also shows web
// push notifications (public/push-sw.js, imported by the generated worker).
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

// A build is a production build even when a test runner (NODE_ENV=test) starts it, as the npm start test does:
// otherwise React's development runtime ships, and the portal's bundle budget fails.
process.env.NODE_ENV = 'production';

export default defineConfig({
  root: new URL('./portal', import.meta.url).pathname,
  // Absolute: client routes such as /history load the same assets as /.
  base: '/',
  publicDir: new URL('./portal/public', import.meta.url).pathname,
  resolve: {
    // The portal runs on Preact's React-compatible layer: about 4 KB instead of React DOM's 60 KB
    // gzipped, and far less to evaluate on a cheap phone before the first screen can answer a tap
    // (Lighthouse's blocking time). The counter app keeps React. The libraries (TanStack Router and
    // Query, react-i18next) are used through the same React API, and the portal's tests run them so.
    alias: [
      { find: /^react-dom\/client$/, replacement: 'preact/compat/client' },
      { find: /^react-dom$/, replacement: 'preact/compat' },
      { find: /^react\/jsx-runtime$/, replacement: 'preact/jsx-runtime' },
      { find: /^react\/jsx-dev-runtime$/, replacement: 'preact/jsx-runtime' },
      { find: /^react$/, replacement: 'preact/compat' },
    ],
  },
  plugins: [
    react(),
    VitePWA({
      registerType: 'prompt',
      // Registered by src/portal/pwa.ts after the first paint, never by an inline script (the CSP forbids them).
      injectRegister: false,
      filename: 'sw.js',
      manifestFilename: 'manifest.webmanifest',
      includeAssets: ['favicon.svg'],
      manifest: {
        id: '/',
        name: 'ISMAIL — Mon espace',
        short_name: 'ISMAIL',
        description: 'Votre portefeuille ISMAIL : solde en crédits et en FCFA, historique et réglages.',
        lang: 'fr',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        background_color: '#ffffff',
        theme_color: '#0b5cad',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        // Web push: shows the cloud's notifications, opens the inbox on a tap (public/push-sw.js, caches nothing).
        importScripts: ['/push-sw.js'],
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
        navigateFallback: '/index.html',
        // The API and its description are the cloud's: never answered from the shell.
        navigateFallbackDenylist: [/^\/v1\//, /^\/openapi\.json$/, /^\/health$/],
        runtimeCaching: [],
        cleanupOutdatedCaches: true,
      },
    }),
  ],
  build: {
    // Built beside the served folder, then moved into place by scripts/publish-portal.mjs once the
    // bundle budget holds: a cloud serving dist/portal (npm start, a test) never sees it half written.
    outDir: new URL('./dist/portal-next', import.meta.url).pathname,
    emptyOutDir: true,
    // Read by scripts/bundle-budget.mjs to find what the first screen loads.
    manifest: true,
    sourcemap: true,
    // No <link rel="modulepreload"> for the first screen's 14 files: on a slow link they took the
    // bandwidth the stylesheet needed, and the app shell painted with the app (Lighthouse, mobile,
    // median of 3: FCP 2.9 s, performance 88). Without them the shell paints first (FCP 1.0-1.1 s,
    // performance 92-97); the modules follow one round trip later, after the entry names them.
    modulePreload: false,
    rolldownOptions: {
      output: {
        codeSplitting: {
          // The libraries every screen runs on ship as one file: one gzip stream compresses better
          // than the eight small chunks the default splitting made (the first screen's budget).
          groups: [
            {
              name: 'framework',
              test: /node_modules[\\/](preact|react|react-dom|scheduler|@tanstack|i18next|react-i18next|openapi-fetch|use-sync-external-store)[\\/]/,
            },
          ],
        },
      },
    },
  },
});
