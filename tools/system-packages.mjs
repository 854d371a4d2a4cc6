#!/usr/bin/env node
// The Debian packages the test suites need (tools/system-packages.json, the one list), found
// or installed before any suite runs. A new machine has Node and npm only: `npm test`
// installs what is missing with apt-get when it may (root, or sudo without a password), and
// otherwise stops with one line giving the exact command, rather than letting suites fail
// one by one for a reason that has nothing to do with the product. Plain JavaScript with
// no dependencies: it runs before anything else.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const listFile = path.join(path.dirname(fileURLToPath(import.meta.url)), 'system-packages.json');

/** The list: [{ name, provides, why, noRecommends? }]. */
export function readPackageList(file = listFile) {
  return JSON.parse(readFileSync(file, 'utf8')).packages;
}

function isExecutable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether one `provides` entry exists: an absolute path (a `*` is one folder name), or an executable command on PATH.
 */
export function provided(entry, pathEnv) {
  if (entry.startsWith('/')) {
    const parts = entry.split('/').filter(Boolean);
    let candidates = ['/'];
    for (const part of parts) {
      const next = [];
      for (const dir of candidates) {
        if (part === '*') {
          let names = [];
          try {
            names = readdirSync(dir);
          } catch {
            continue;
          }
          for (const name of names) next.push(path.join(dir, name));
        } else next.push(path.join(dir, part));
      }
      candidates = next;
    }
    // A file a package installs need not be a program (LibreOffice Calc is a library in soffice).
    return candidates.some((file) => {
      try {
        accessSync(file, constants.F_OK);
        return true;
      } catch {
        return false;
      }
    });
  }
  return (pathEnv ?? '').split(path.delimiter).some((dir) => dir !== '' && isExecutable(path.join(dir, entry)));
}

/** The packages of the list that something they provide is missing from. */
export function missingPackages(packages, pathEnv) {
  return packages.filter((p) => !p.provides.every((entry) => provided(entry, pathEnv)));
}

/** The apt-get command line installing these packages, prefixed for the given privilege. */
export function installCommand(missing, prefix = '') {
  const plain = missing.filter((p) => !p.noRecommends).map((p) => p.name);
  const bare = missing.filter((p) => p.noRecommends).map((p) => p.name);
  const parts = [`${prefix}apt-get update`];
  if (plain.length > 0) parts.push(`${prefix}apt-get install -y ${plain.join(' ')}`);
  if (bare.length > 0) parts.push(`${prefix}apt-get install -y --no-install-recommends ${bare.join(' ')}`);
  return parts.join(' && ');
}

/** How this process may install packages: as root, through sudo without a password, or not at all. */
export function installPrivilege(env = process.env) {
  const aptGet = provided('apt-get', env.PATH);
  if (!aptGet) return 'none';
  if (typeof process.getuid === 'function' && process.getuid() === 0) return 'root';
  if (!provided('sudo', env.PATH)) return 'none';
  const sudo = spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore', env, timeout: 10_000 });
  return sudo.status === 0 ? 'sudo' : 'none';
}

function run(command, env) {
  const result = spawnSync('sh', ['-c', command], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return result.status === 0;
}

/**
 * Makes sure every listed package is there. Returns true when the suites may run; false
 * after printing why not (one line with the command when it may not install).
 */
export function ensureSystemPackages({
  env = process.env,
  out = process.stdout,
  err = process.stderr,
  packages = readPackageList(),
} = {}) {
  const missing = missingPackages(packages, env.PATH);
  if (missing.length === 0) return true;
  const privilege = installPrivilege(env);
  if (privilege === 'none') {
    err.write(
      `ismail: the tests need Debian packages that are missing (${missing.map((p) => p.name).join(', ')}); install them with: ${installCommand(missing, 'sudo ')}\n`,
    );
    return false;
  }
  out.write(`ismail: installing the Debian packages the tests need (apt-get, as ${privilege}):\n`);
  for (const p of missing) out.write(`  ${p.name}: ${p.why}\n`);
  // Quiet: apt's progress would bury the suites' output; its errors still show.
  const quiet = installCommand(missing, privilege === 'sudo' ? 'sudo -n ' : '')
    .replaceAll('apt-get update', 'apt-get update -qq')
    .replaceAll('install -y', 'install -y -qq');
  const ok = run(`(${quiet}) >/dev/null`, env);
  const still = missingPackages(packages, env.PATH);
  if (!ok || still.length > 0) {
    err.write(
      `ismail: apt-get could not install ${still.map((p) => p.name).join(', ') || 'the packages'}; install them with: ${installCommand(still.length > 0 ? still : missing, 'sudo ')}\n`,
    );
    return false;
  }
  return true;
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exit(ensureSystemPackages() ? 0 : 1);
}
