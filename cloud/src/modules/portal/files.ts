/**
 * Where the built portal is and how each of its files may be cached. Hashed assets never change
 * under their name (a year, immutable); the page, the service worker and the manifest must be
 * revalidated each time so a new version is seen at once.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { cloudPackageRoot } from '../../package-root.js';

/** The renderer's build output in this repository (`npm run build -w renderer`). */
export const defaultPortalDir = path.resolve(cloudPackageRoot, '..', 'renderer', 'dist', 'portal');

export const immutableCache = 'public, max-age=31536000, immutable';
export const revalidateCache = 'no-cache';

/** Paths that belong to the API side: never answered with the portal's page. */
export function isApiPath(urlPath: string): boolean {
  return /^\/(v1|\.well-known)(\/|$)/.test(urlPath);
}

/** Vite puts content-hashed files under assets/; workbox's runtime is hashed in its name. */
export function cacheControlFor(relativePath: string): string {
  return relativePath.startsWith('assets/') || /^workbox-[0-9a-f]{8}\.js$/.test(relativePath)
    ? immutableCache
    : revalidateCache;
}

/**
 * The file under `root` a request path names, if it is a file there; undefined otherwise.
 * A path leaving the folder (.., encoded or not) names nothing.
 */
export function fileIn(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const relative = path.posix.normalize(decoded.replace(/^\/+/, ''));
  if (relative === '.' || relative === '' || relative.startsWith('..')) return undefined;
  const full = path.resolve(root, relative);
  if (!full.startsWith(root + path.sep)) return undefined;
  return existsSync(full) && statSync(full).isFile() ? relative : undefined;
}

export function portalIsBuilt(root: string): boolean {
  return existsSync(path.join(root, 'index.html'));
}
