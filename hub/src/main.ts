#!/usr/bin/env node
/**
 * Hub process entry point. A bad configuration prints one line per variable and exits
 * with 78 (EX_CONFIG) before anything starts; SIGINT/SIGTERM stop it cleanly.
 */
import { parseHubConfig } from './config.js';
import { startHub } from './server.js';

const exitConfigError = 78;

const parsed = parseHubConfig(process.env);
if (!parsed.ok) {
  for (const problem of parsed.problems) process.stderr.write(`ismail hub: configuration error: ${problem.message}\n`);
  process.exit(exitConfigError);
}

try {
  const hub = await startHub(parsed.values);
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    hub.app.log.info({ signal }, 'stopping');
    hub.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`ismail hub: error while stopping: ${(error as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
} catch (error) {
  // Operating errors at start-up (port in use, database unreachable) get one line, not a stack.
  process.stderr.write(`ismail hub: could not start: ${(error as Error).message}\n`);
  process.exit(1);
}
