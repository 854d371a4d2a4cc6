/** The cloud's version, from its package.json, read once at load. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { cloudPackageRoot } from './package-root.js';

const manifest = JSON.parse(readFileSync(path.join(cloudPackageRoot, 'package.json'), 'utf8')) as { version: string };

export const cloudVersion: string = manifest.version;
