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
  secretParser,
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
  WALLET_CREDIT_EXPIRY_DAYS: { parse: integerParser(0, 3650), fallback: 0, description: 'credits of a wallet idle this many days expire; 0 turns expiry off' },
  CLOUD_PUBLIC_URL: { parse: urlParser(['http:', 'https:']), fallback: undefined as string | undefined, description: 'address payers and providers reach the cloud at (return pages, callbacks); default: the listen address' },
  WAVE_API_URL: { parse: urlParser(['http:', 'https:']), fallback: undefined as string | undefined, description: 'Wave API base URL (https://api.wave.com, or the simulator); unset disables Wave' },
  WAVE_API_KEY: { parse: secretParser, fallback: undefined as string | undefined, secret: true, description: 'Wave business API key' },
  WAVE_SIGNING_SECRET: { parse: secretParser, fallback: undefined as string | undefined, secret: true, description: 'Wave webhook signing secret' },
  MOMO_API_URL: { parse: urlParser(['http:', 'https:']), fallback: undefined as string | undefined, description: 'MTN MoMo API base URL (or the simulator); unset disables MoMo' },
  MOMO_SUBSCRIPTION_KEY: { parse: secretParser, fallback: undefined as string | undefined, secret: true, description: 'MTN MoMo Collections subscription key' },
  MOMO_API_USER: { parse: secretParser, fallback: undefined as string | undefined, secret: true, description: 'MTN MoMo API user (a UUID)' },
  MOMO_API_KEY: { parse: secretParser, fallback: undefined as string | undefined, secret: true, description: 'MTN MoMo API key' },
  MOMO_TARGET_ENVIRONMENT: { parse: hostParser, fallback: 'mtnivorycoast', description: 'MTN X-Target-Environment (sandbox, mtnivorycoast, ...)' },
} as const;

export type CloudConfig = EnvValues<typeof cloudEnvSpec>;

export function parseCloudConfig(env: EnvRecord): EnvResult<typeof cloudEnvSpec> {
  return parseEnv(cloudEnvSpec, env);
}
