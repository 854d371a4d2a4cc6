/** The hub's version, from its package.json, read once at load. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { hubPackageRoot } from './package-root.js';

const manifest = JSON.parse(readFileSync(path.join(hubPackageRoot, 'package.json'), 'utf8')) as { version: string };

export const hubVersion: string = manifest.version;
