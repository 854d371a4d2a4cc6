#!/usr/bin/env node
/**
 * Starts every simulator (for now the network printer). One line per bad variable, then
 * exit 78; SIGINT/SIGTERM stop cleanly.
 */
import path from 'node:path';
import { parseSimConfig } from './config.js';
import { startNetworkPrinter } from './printer/network-printer.js';

const parsed = parseSimConfig(process.env);
if (!parsed.ok) {
  for (const problem of parsed.problems) process.stderr.write(`ismail firmware-sim: configuration error: ${problem.message}\n`);
  process.exit(78);
}
const config = parsed.values;

try {
  const jobsDir = path.resolve(config.ISMAIL_DATA_DIR, 'firmware-sim', 'printer-jobs');
  const printer = await startNetworkPrinter({ host: config.PRINTER_SIM_HOST, port: config.PRINTER_SIM_PORT, jobsDir });
  process.stdout.write(`${JSON.stringify({ msg: 'simulated network printer listening', host: printer.host, port: printer.port, jobsDir })}\n`);
  const stop = (): void => {
    printer.stop().then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (error) {
  process.stderr.write(`ismail firmware-sim: could not start: ${(error as Error).message}\n`);
  process.exit(1);
}
