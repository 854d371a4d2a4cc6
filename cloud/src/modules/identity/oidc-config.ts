/**
 * Social sign-in settings from the environment: one OpenID Connect provider (OIDC_ISSUER,
 * OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_PROVIDER_LABEL). Unset issuer: no social sign-in.
 * Plain http is accepted only for a loopback issuer (the simulator); anything else must be https.
 */
import { parseEnv, secretParser, urlParser, type EnvParser, type EnvRecord } from '@ismail/shared';

export interface OidcSettings {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly label: string;
}

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]']);

const issuerParser: EnvParser<string | undefined> = (raw) => {
  const parsed = urlParser(['http:', 'https:'])(raw);
  if (!parsed.ok || parsed.value === undefined) return parsed;
  const url = new URL(parsed.value);
  return url.protocol === 'https:' || loopbackHosts.has(url.hostname)
    ? { ok: true, value: parsed.value.replace(/\/$/, '') }
    : { ok: false, expected: 'an https URL (http only for 127.0.0.1 or localhost)' };
};

const clientIdParser: EnvParser<string | undefined> = (raw) =>
  /^[\x21-\x7e]{1,200}$/.test(raw)
    ? { ok: true, value: raw }
    : { ok: false, expected: '1 to 200 printable characters' };

const labelParser: EnvParser<string> = (raw) =>
  raw.trim().length >= 1 && raw.length <= 60
    ? { ok: true, value: raw.trim() }
    : { ok: false, expected: '1 to 60 characters' };

export const oidcEnvSpec = {
  OIDC_ISSUER: {
    parse: issuerParser,
    fallback: undefined as string | undefined,
    description:
      'OpenID Connect issuer for social sign-in (https; the simulator on 127.0.0.1); unset: no social sign-in',
  },
  OIDC_CLIENT_ID: {
    parse: clientIdParser,
    fallback: undefined as string | undefined,
    description: "the cloud's client id at the OpenID Connect provider",
  },
  OIDC_CLIENT_SECRET: {
    parse: secretParser as EnvParser<string | undefined>,
    fallback: undefined as string | undefined,
    secret: true,
    description: "the cloud's client secret at the OpenID Connect provider",
  },
  OIDC_PROVIDER_LABEL: {
    parse: labelParser,
    fallback: 'OpenID Connect',
    description: 'the provider\'s name shown on the "Continuer avec …" button (Google, Facebook…)',
  },
} as const;

/** The settings, none when social sign-in is off; throws one line per bad or missing variable. */
export function oidcSettingsFromEnv(env: EnvRecord): OidcSettings | undefined {
  const parsed = parseEnv(oidcEnvSpec, env);
  if (!parsed.ok) throw new Error(parsed.problems.map((problem) => problem.message).join('; '));
  const { OIDC_ISSUER: issuer, OIDC_CLIENT_ID: clientId, OIDC_CLIENT_SECRET: clientSecret } = parsed.values;
  if (issuer === undefined) return undefined;
  if (clientId === undefined || clientSecret === undefined)
    throw new Error('OIDC_ISSUER is set: OIDC_CLIENT_ID and OIDC_CLIENT_SECRET are needed too');
  return { issuer, clientId, clientSecret, label: parsed.values.OIDC_PROVIDER_LABEL };
}
