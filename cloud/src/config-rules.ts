/**
 * The cloud's configuration as a whole: each variable parsed (config.ts), then the rules between them.
 * With DATABASE_URL (production mode) several processes may share one database: what one seals, signs or accepts,
 * another must too. So these come from the environment, the same for all; one generating its own would split them.
 */
import { parseEnv, type EnvRecord, type EnvResult } from '@ismail/shared';
import { cloudEnvSpec } from './config.js';

const productionSecrets = [
  'ISMAIL_MASTER_KEY',
  'ISMAIL_OPERATOR_TOKEN',
  'VAPID_PUBLIC_KEY',
  'VAPID_PRIVATE_KEY',
] as const;

export function parseCloudConfig(env: EnvRecord): EnvResult<typeof cloudEnvSpec> {
  const result = parseEnv(cloudEnvSpec, env);
  if (!result.ok) return result;
  if (result.values.DATABASE_URL === undefined) {
    const problems = [
      ...(result.values.DATABASE_DIRECT_URL === undefined
        ? []
        : [
            {
              variable: 'DATABASE_DIRECT_URL',
              message: 'DATABASE_DIRECT_URL needs DATABASE_URL: it is the direct way to that same database',
            },
          ]),
      // Electric replicates from a PostgreSQL server's WAL; it cannot read the embedded database.
      ...(result.values.ELECTRIC_URL === undefined
        ? []
        : [
            {
              variable: 'ELECTRIC_URL',
              message:
                'ELECTRIC_URL needs DATABASE_URL: the Electric sync service replicates from a PostgreSQL server (wal_level=logical), not the embedded database',
            },
          ]),
    ];
    return problems.length === 0 ? result : { ok: false, problems };
  }
  const problems = productionSecrets
    .filter((variable) => result.values[variable] === undefined)
    .map((variable) => {
      const what = cloudEnvSpec[variable].description.split(';')[0] ?? variable;
      return { variable, message: `${variable} is required with DATABASE_URL: every process shares it (${what})` };
    });
  return problems.length === 0 ? result : { ok: false, problems };
}
