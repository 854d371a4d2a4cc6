/** @ismail/firmware-sim: simulated hardware and providers. */
export { startNetworkPrinter, extractText, jobMaxBytes, type NetworkPrinter, type PrintJob } from './printer/network-printer.js';
export { parseSimConfig, simEnvSpec, type SimConfig } from './config.js';
export {
  startWaveSimulator,
  waveSignature,
  type Delivery,
  type WaveCheckoutStatus,
  type WaveEvent,
  type WaveEventType,
  type WavePaymentStatus,
  type WaveSession,
  type WaveSimulator,
  type WaveSimulatorOptions,
} from './payments/wave.js';
export {
  startMomoSimulator,
  type MomoCallback,
  type MomoFailureReason,
  type MomoPayer,
  type MomoRequestRecord,
  type MomoRequestToPay,
  type MomoSimulator,
  type MomoSimulatorOptions,
  type MomoStatus,
  type MomoTransaction,
} from './payments/momo.js';
