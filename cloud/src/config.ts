/**
 * Cloud configuration, read once from the environment at start-up.
 * A bad value stops start-up with one line per variable (see shared/config/env).
 */
import {
  booleanParser,
  hostParser,
  integerParser,
  logLevelParser,
  parseEnv,
  pathParser,
  portParser,
  urlParser,
  type EnvRecord,
  type EnvResult,
  type EnvValues,
} from '@ismail/shared';

export const cloudEnvSpec = {
  CLOUD_HOST: { parse: hostParser, fallback: '127.0.0.1', description: 'address the cloud API listens on' },
  CLOUD_PORT: { parse: portParser, fallback: 8080, description: 'port the cloud API listens on' },
  DATABASE_URL: {
    parse: urlParser(['postgres:', 'postgresql:']),
    fallback: undefined as string | undefined,
    description: 'PostgreSQL server URL; unset means the embedded PostgreSQL under ISMAIL_DATA_DIR',
  },
  DATABASE_POOL_MAX: {
    parse: integerParser(1, 100),
    fallback: 10,
    description: 'connections to a PostgreSQL server (the embedded one always uses 1)',
  },
  ISMAIL_DATA_DIR: { parse: pathParser, fallback: '.data', description: 'folder for local data (embedded database, files)' },
  ISMAIL_DEMO: { parse: booleanParser, fallback: false, description: 'seed demo accounts on first start' },
  ISMAIL_MASTER_KEY: {
    parse: (raw: string) =>
      /^[A-Za-z0-9_-]{43}$/.test(raw) ? { ok: true as const, value: raw } : { ok: false as const, expected: '32 random bytes in base64url (43 characters)' },
    fallback: undefined as string | undefined,
    description: 'key that seals secrets at rest; unset means a key file in ISMAIL_DATA_DIR/cloud',
  },
  LOG_LEVEL: { parse: logLevelParser, fallback: 'info', description: 'pino log level' },
} as const;

export type CloudConfig = EnvValues<typeof cloudEnvSpec>;

export function parseCloudConfig(env: EnvRecord): EnvResult<typeof cloudEnvSpec> {
  return parseEnv(cloudEnvSpec, env);
}
