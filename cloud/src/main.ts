#!/usr/bin/env node
/**
 * Cloud process entry point. A bad configuration prints one line per variable and exits
 * with 78 (EX_CONFIG) before anything starts; SIGINT/SIGTERM stop it cleanly.
 */
import { parseCloudConfig } from './config-rules.js';
import { startCloud } from './server.js';

const exitConfigError = 78;

const parsed = parseCloudConfig(process.env);
if (!parsed.ok) {
  for (const problem of parsed.problems)
    process.stderr.write(`ismail cloud: configuration error: ${problem.message}\n`);
  process.exit(exitConfigError);
}

try {
  const cloud = await startCloud(parsed.values);
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    cloud.app.log.info({ signal }, 'stopping');
    cloud.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`ismail cloud: error while stopping: ${(error as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
} catch (error) {
  // Operating errors at start-up (port in use, database unreachable) get one line, not a stack.
  process.stderr.write(`ismail cloud: could not start: ${(error as Error).message}\n`);
  process.exit(1);
}
