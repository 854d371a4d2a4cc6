// A throwaway PostgreSQL server for `npm test`: Debian's binaries, a temporary data folder,
// a free loopback port, trust authentication, stopped and deleted afterwards. PostgreSQL
// refuses to run as root, so as root it runs as a dedicated system user (created once).
// Every database suite and real-process test runs on it as well as on the embedded
// PostgreSQL, so a developer and CI run the same tests. Plain JavaScript, no dependencies.
import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const serverUser = 'ismail-test-pg';

/** The newest Debian PostgreSQL bin folder, or undefined. */
export function postgresBinDir() {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base)
    .filter((v) => existsSync(path.join(base, v, 'bin', 'initdb')))
    .sort((a, b) => Number(a) - Number(b));
  const newest = versions.at(-1);
  return newest === undefined ? undefined : path.join(base, newest, 'bin');
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function check(result, what) {
  if (result.status !== 0)
    throw new Error(`${what} failed (${String(result.status)}): ${String(result.stderr ?? '').trim()}`);
}

/**
 * Starts the server; resolves to its URL (user postgres, database postgres) and a stop
 * function that is safe to call more than once.
 */
export async function startPostgresServer() {
  const bin = postgresBinDir();
  if (bin === undefined) throw new Error('PostgreSQL server binaries are missing (Debian package postgresql)');
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const dir = mkdtempSync(path.join(tmpdir(), 'ismail-test-pg-'));
  const as = (file, args) => (asRoot ? ['runuser', ['-u', serverUser, '--', file, ...args]] : [file, args]);
  const exec = (file, args) => {
    const [command, argv] = as(file, args);
    return spawnSync(command, argv, { encoding: 'utf8', timeout: 120_000 });
  };
  if (asRoot) {
    if (spawnSync('id', ['-u', serverUser], { stdio: 'ignore' }).status !== 0) {
      check(
        spawnSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', serverUser], {
          encoding: 'utf8',
        }),
        `useradd ${serverUser}`,
      );
    }
    const uid = Number(spawnSync('id', ['-u', serverUser], { encoding: 'utf8' }).stdout.trim());
    const gid = Number(spawnSync('id', ['-g', serverUser], { encoding: 'utf8' }).stdout.trim());
    chownSync(dir, uid, gid);
  }
  const data = path.join(dir, 'data');
  const port = await freePort();
  check(
    exec(path.join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8']),
    'initdb',
  );
  const options = `-p ${String(port)} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=on -c max_connections=300`;
  check(
    exec(path.join(bin, 'pg_ctl'), ['-D', data, '-l', path.join(dir, 'server.log'), '-w', '-o', options, 'start']),
    'pg_ctl start',
  );
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    exec(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop']);
    rmSync(dir, { recursive: true, force: true });
  };
  const version = spawnSync(path.join(bin, 'postgres'), ['--version'], { encoding: 'utf8' }).stdout.trim();
  return { url: `postgres://postgres@127.0.0.1:${String(port)}/postgres`, version, stop };
}
