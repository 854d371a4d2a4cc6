/**
 * What tests need from the machine, required rather than probed: a test that needs a command
 * (pdftotext, qpdf, soffice...) or the PostgreSQL test server calls these first and fails with
 * the fix when it is missing, so no check is ever skipped in silence. `npm test` installs the
 * Debian packages of tools/system-packages.json and starts the server, so a missing one is a
 * broken machine, never a reason to pass.
 */
import { accessSync, constants, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const packageListFile = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'system-packages.json');

interface SystemPackage {
  readonly name: string;
  readonly provides: readonly string[];
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The Debian package of tools/system-packages.json that provides `command` (by command name or absolute path), if
 * listed.
 */
export function packageProviding(command: string, listFile = packageListFile): string | undefined {
  const { packages } = JSON.parse(readFileSync(listFile, 'utf8')) as { packages: SystemPackage[] };
  // An entry matches the command itself, a bare command by its file name, or a listed path by its name.
  const wanted = (entry: string): boolean => entry === command || path.basename(entry) === path.basename(command);
  return packages.find((p) => p.provides.some(wanted))?.name;
}

/**
 * The absolute path of `command`: searched on PATH for a bare name, checked as is for an
 * absolute path. Throws naming the command, its Debian package and the fix when it is not
 * there, whether or not CI is set.
 */
export function requireTool(command: string, pathEnv = process.env.PATH ?? ''): string {
  if (path.isAbsolute(command)) {
    if (isExecutable(command)) return command;
  } else {
    for (const dir of pathEnv.split(path.delimiter)) {
      if (dir === '') continue;
      const candidate = path.join(dir, command);
      if (isExecutable(candidate)) return path.resolve(candidate);
    }
  }
  const pkg = packageProviding(command);
  const where = path.isAbsolute(command)
    ? `${command} does not exist or is not executable`
    : `${command} is not on PATH`;
  const fix =
    pkg === undefined
      ? `it is not in tools/system-packages.json: add the Debian package that provides it there, so that \`npm test\` installs it`
      : `it comes from the Debian package ${pkg}, which \`npm test\` installs: run npm test, or apt-get install ${pkg}`;
  throw new Error(`this test needs the command ${command}: ${where}; ${fix}`);
}

/**
 * The URL of the PostgreSQL test server (ISMAIL_TEST_DATABASE_URL). Throws with the fix when
 * it is not set: the suites that only make sense on a real server fail rather than skip.
 */
export function requireTestDatabaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  const url = env.ISMAIL_TEST_DATABASE_URL ?? '';
  if (url !== '') return url;
  throw new Error(
    'this test needs a PostgreSQL server and ISMAIL_TEST_DATABASE_URL is not set: `npm test` starts a throwaway server and sets it; ' +
      'to run this file alone, start PostgreSQL and set ISMAIL_TEST_DATABASE_URL=postgres://user@host:5432/postgres (a role that may create databases)',
  );
}
