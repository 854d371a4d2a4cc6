/**
 * The cloud package's folder, so the same code finds `migrations/` whether it runs from
 * `src/` (tests) or `dist/src/` (the build): this file sits at one of those two depths.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

export const cloudPackageRoot =
  path.basename(path.dirname(here)) === 'dist' ? path.resolve(here, '..', '..') : path.resolve(here, '..');
