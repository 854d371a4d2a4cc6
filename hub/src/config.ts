/**
 * Hub configuration, read once from the environment at start-up.
 * A bad value stops start-up with one line per variable (see shared/config/env).
 */
import path from 'node:path';
import {
  hostParser,
  integerParser,
  logLevelParser,
  oneOfParser,
  parseEnv,
  pathParser,
  portParser,
  urlParser,
  type EnvRecord,
  type EnvResult,
  type EnvValues,
} from '@ismail/shared';
import { hubPackageRoot } from './package-root.js';

export const hubEnvSpec = {
  HUB_HOST: {
    parse: hostParser,
    fallback: '127.0.0.1',
    description: 'address the hub API listens on (loopback: only this counter)',
  },
  HUB_PORT: { parse: portParser, fallback: 8090, description: 'port of the hub API and counter app' },
  HUB_LAN_HOST: {
    parse: hostParser,
    fallback: '0.0.0.0',
    description: 'address the terminals listener (HTTPS, certificate from the hub CA) listens on: the shop LAN',
  },
  HUB_LAN_PORT: {
    parse: integerParser(0, 65535),
    fallback: 8443,
    description: 'port of the terminals listener over HTTPS on the shop LAN (0: off, plain HTTP stays on loopback)',
  },
  CLOUD_URL: {
    parse: urlParser(['http:', 'https:']),
    fallback: 'http://127.0.0.1:8080',
    description: 'the cloud this hub syncs with',
  },
  ISMAIL_DATA_DIR: {
    parse: pathParser,
    fallback: '.data',
    description: 'folder for local data (the hub SQLite file lives in hub/)',
  },
  HUB_COUNTER_APP_DIR: {
    parse: pathParser,
    fallback: path.resolve(hubPackageRoot, '..', 'renderer', 'dist', 'counter'),
    description: 'built counter app served at /',
  },
  LOG_LEVEL: { parse: logLevelParser, fallback: 'info', description: 'pino log level' },
  HUB_MQTT_HOST: {
    parse: hostParser,
    fallback: '0.0.0.0',
    description: 'address the device broker (MQTT over TLS, client certificates) listens on: the shop LAN',
  },
  HUB_MQTT_PORT: { parse: portParser, fallback: 8883, description: 'port of the device broker (MQTT over TLS)' },
  HUB_MQTT_DEV_PLAIN_PORT: {
    parse: integerParser(0, 65535),
    fallback: 0,
    description: 'development only: a plain-TCP MQTT listener on loopback (0: off)',
  },
  HUB_CARD_TRUST_PULL_S: {
    parse: integerParser(1, 86_400),
    fallback: 60,
    description: 'seconds between downloads of the card keys and revocation list',
  },
  HUB_RESPONSE_CHECK: {
    parse: oneOfParser(['off', 'log', 'throw'] as const),
    fallback: 'log',
    description: 'answers that do not match their response schema: log a warning, fail the request (tests), or off',
  },
} as const;

export type HubConfig = EnvValues<typeof hubEnvSpec>;

export function parseHubConfig(env: EnvRecord): EnvResult<typeof hubEnvSpec> {
  return parseEnv(hubEnvSpec, env);
}
