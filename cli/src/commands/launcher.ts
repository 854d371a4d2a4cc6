/**
 * `ismail cloud stop|start`: under `npm start`, stop or start the cloud alone, so that a
 * person can watch the counter keep selling offline and drain its outbox when the cloud is
 * back. The launcher (tools/start.mjs) writes ISMAIL_DATA_DIR/launcher.json and takes
 * SIGUSR1 (stop the cloud) and SIGUSR2 (start it); this command signals it and waits until
 * the cloud's /health says the change happened.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CliFailure, type CliContext } from '../context.js';

const settleTimeoutMs = 60_000;

interface LauncherFile {
  readonly launcher: number;
  readonly cloudUrl: string;
  /** The launcher's running children by name, rewritten whenever one starts or exits. */
  readonly children: Readonly<Record<string, number>>;
}

function readLauncher(context: CliContext): LauncherFile {
  const file = path.resolve(context.io.env.ISMAIL_DATA_DIR ?? '.data', 'launcher.json');
  if (!existsSync(file))
    throw new CliFailure(`no launcher found (${file}): this command works under \`npm start\`, on its machine`);
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<LauncherFile>;
  if (typeof parsed.launcher !== 'number' || typeof parsed.cloudUrl !== 'string')
    throw new CliFailure(`${file} is not a launcher file`);
  return { launcher: parsed.launcher, cloudUrl: parsed.cloudUrl, children: parsed.children ?? {} };
}

async function cloudAnswers(url: string): Promise<boolean> {
  // A timer of our own, not AbortSignal.timeout: that one does not keep the process alive, and a request left hanging
  // by a cloud that is shutting down then ended the command with exit 13 (a top-level await never settled).
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 2_000);
  try {
    return (await fetch(`${url}/health`, { signal: controller.signal })).ok;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

export async function launcherCloudCommand(context: CliContext, args: readonly string[]): Promise<number> {
  const [action] = args;
  if (action !== 'stop' && action !== 'start') throw new CliFailure('usage: ismail cloud stop|start (under npm start)');
  const { launcher, cloudUrl } = readLauncher(context);
  try {
    process.kill(launcher, action === 'stop' ? 'SIGUSR1' : 'SIGUSR2');
  } catch (error) {
    throw new CliFailure(`the launcher (pid ${String(launcher)}) is not running: ${(error as Error).message}`);
  }
  const wanted = action === 'start';
  const deadline = Date.now() + settleTimeoutMs;
  while (Date.now() < deadline) {
    // Stopped means the process is gone too, not only its port closed.
    const settled = wanted
      ? await cloudAnswers(cloudUrl)
      : !(await cloudAnswers(cloudUrl)) && readLauncher(context).children.cloud === undefined;
    if (settled) {
      context.io.out(
        wanted
          ? `cloud started: ${cloudUrl} answers; the hub drains its outbox\n`
          : 'cloud stopped: the hub and simulators keep running; the counter sells offline\n',
      );
      return 0;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new CliFailure(
    `the cloud did not ${action} within ${String(settleTimeoutMs / 1000)} s (see ${path.resolve(context.io.env.ISMAIL_DATA_DIR ?? '.data', 'logs', 'cloud.log')})`,
  );
}
