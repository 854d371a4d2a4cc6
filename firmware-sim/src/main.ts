#!/usr/bin/env node
/**
 * Starts every simulator: the network printer, and the Wave and MTN MoMo payment APIs.
 * One line per bad variable, then exit 78; SIGINT/SIGTERM stop cleanly. The printer is
 * required; a payment simulator that cannot start (port taken) is reported in one line
 * and the others keep running, so a busy port never takes the counter's printer down.
 */
import path from 'node:path';
import { parseSimConfig } from './config.js';
import { startMomoSimulator } from './payments/momo.js';
import { startWaveSimulator } from './payments/wave.js';
import { startNetworkPrinter } from './printer/network-printer.js';

const parsed = parseSimConfig(process.env);
if (!parsed.ok) {
  for (const problem of parsed.problems) process.stderr.write(`ismail firmware-sim: configuration error: ${problem.message}\n`);
  process.exit(78);
}
const config = parsed.values;

const log = (line: Record<string, unknown>): void => {
  process.stdout.write(`${JSON.stringify(line)}\n`);
};

/** Starts an optional simulator; on failure prints one line and returns undefined. */
async function optional<T>(name: string, start: () => Promise<T>): Promise<T | undefined> {
  try {
    return await start();
  } catch (error) {
    process.stderr.write(`ismail firmware-sim: ${name} not started: ${(error as Error).message}\n`);
    return undefined;
  }
}

try {
  const jobsDir = path.resolve(config.ISMAIL_DATA_DIR, 'firmware-sim', 'printer-jobs');
  const printer = await startNetworkPrinter({ host: config.PRINTER_SIM_HOST, port: config.PRINTER_SIM_PORT, jobsDir });
  log({ msg: 'simulated network printer listening', host: printer.host, port: printer.port, jobsDir });

  const wave = await optional('simulated Wave', () =>
    startWaveSimulator({
      host: config.SIM_PAYMENTS_HOST,
      port: config.SIM_WAVE_PORT,
      apiKey: config.SIM_WAVE_API_KEY,
      signingSecret: config.SIM_WAVE_SIGNING_SECRET,
      ...(config.SIM_WAVE_WEBHOOK_URL === undefined ? {} : { webhookUrl: config.SIM_WAVE_WEBHOOK_URL }),
    }),
  );
  if (wave !== undefined) log({ msg: 'simulated Wave Checkout API listening', url: wave.url, webhookUrl: config.SIM_WAVE_WEBHOOK_URL ?? null });

  const momo = await optional('simulated MTN MoMo', () =>
    startMomoSimulator({
      host: config.SIM_PAYMENTS_HOST,
      port: config.SIM_MOMO_PORT,
      subscriptionKey: config.SIM_MOMO_SUBSCRIPTION_KEY,
      apiUser: config.SIM_MOMO_API_USER,
      apiKey: config.SIM_MOMO_API_KEY,
      targetEnvironment: config.SIM_MOMO_TARGET_ENVIRONMENT,
    }),
  );
  if (momo !== undefined) log({ msg: 'simulated MTN MoMo Collections API listening', url: momo.url, targetEnvironment: config.SIM_MOMO_TARGET_ENVIRONMENT });

  const stop = (): void => {
    Promise.all([printer.stop(), wave?.close(), momo?.close()]).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (error) {
  process.stderr.write(`ismail firmware-sim: could not start: ${(error as Error).message}\n`);
  process.exit(1);
}
