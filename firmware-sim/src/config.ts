/** Simulator configuration from the environment (one clear line per bad variable). */
import { hostParser, parseEnv, pathParser, portParser, type EnvRecord, type EnvResult, type EnvValues } from '@ismail/shared';

export const simEnvSpec = {
  PRINTER_SIM_HOST: { parse: hostParser, fallback: '127.0.0.1', description: 'address the simulated network printer listens on' },
  PRINTER_SIM_PORT: { parse: portParser, fallback: 9100, description: 'port of the simulated network printer (9100 like a real one)' },
  ISMAIL_DATA_DIR: { parse: pathParser, fallback: '.data', description: 'folder where received print jobs are kept' },
} as const;

export type SimConfig = EnvValues<typeof simEnvSpec>;

export function parseSimConfig(env: EnvRecord): EnvResult<typeof simEnvSpec> {
  return parseEnv(simEnvSpec, env);
}
