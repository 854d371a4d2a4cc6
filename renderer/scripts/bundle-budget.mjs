#!/usr/bin/env node
// Fails the portal build when the JavaScript its first screen loads is over budget (issue 22:
// 130 KB gzipped for a cheap phone on 3G). The first screen loads the entry chunk named by the
// built index.html and every chunk it imports statically (Vite's modulepreloads), read from
// Vite's manifest; lazy routes (dynamic imports) are not counted. Prints the figure either way.
// PORTAL_BUDGET_KB sets another budget (to see the check fail).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const budgetKb = Number(process.env.PORTAL_BUDGET_KB ?? 130);
// The build just made, before scripts/publish-portal.mjs moves it into place.
const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'portal-next');
const manifest = JSON.parse(readFileSync(path.join(dist, '.vite', 'manifest.json'), 'utf8'));
const html = readFileSync(path.join(dist, 'index.html'), 'utf8');

const entries = Object.entries(manifest).filter(([, chunk]) => chunk.isEntry === true);
if (entries.length !== 1) throw new Error(`expected one entry in the portal's manifest, found ${entries.length}`);

/** The entry and its static imports, transitively (what the browser fetches before the first paint). */
const firstScreen = new Set();
const visit = (key) => {
  const chunk = manifest[key];
  if (chunk === undefined || firstScreen.has(chunk.file)) return;
  firstScreen.add(chunk.file);
  for (const imported of chunk.imports ?? []) visit(imported);
};
visit(entries[0][0]);

// What index.html itself loads must be what the manifest says: a script or preload it names outside the set is counted.
for (const match of html.matchAll(/<(?:script|link)[^>]+(?:src|href)="\/?([^"]+\.js)"/g)) firstScreen.add(match[1]);

let totalBytes = 0;
for (const file of firstScreen) {
  const gzipped = gzipSync(readFileSync(path.join(dist, file)), { level: 9 }).length;
  totalBytes += gzipped;
  process.stdout.write(`  ${file}: ${(gzipped / 1024).toFixed(1)} KB gzipped\n`);
}
const totalKb = totalBytes / 1024;
process.stdout.write(
  `portal first screen: ${totalKb.toFixed(1)} KB of JavaScript gzipped (${firstScreen.size} files), budget ${budgetKb} KB\n`,
);
if (totalKb > budgetKb) {
  process.stderr.write(`portal bundle over budget by ${(totalKb - budgetKb).toFixed(1)} KB: lazy-load or drop code\n`);
  process.exit(1);
}
