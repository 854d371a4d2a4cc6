#!/usr/bin/env node
// Moves the portal just built (dist/portal-next) into the folder the cloud serves (dist/portal)
// with two renames, so a running cloud (npm start, a browser test) never serves a half-written or
// emptied build: Vite empties its output folder before writing, which took whole seconds in place.
import { existsSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const next = path.join(dist, 'portal-next');
const served = path.join(dist, 'portal');
const old = path.join(dist, `portal-old-${String(process.pid)}`);

if (!existsSync(path.join(next, 'index.html'))) throw new Error(`${next} holds no built portal: run vite build first`);
if (existsSync(served)) renameSync(served, old);
renameSync(next, served);
rmSync(old, { recursive: true, force: true });
process.stdout.write('portal published to dist/portal\n');
