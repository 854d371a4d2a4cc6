/** @ismail/firmware-sim: simulated hardware and providers. */
export { startNetworkPrinter, extractText, jobMaxBytes, type NetworkPrinter, type PrintJob } from './printer/network-printer.js';
export { parseSimConfig, simEnvSpec, type SimConfig } from './config.js';
