/** Simulator configuration from the environment (one clear line per bad variable). */
import {
  booleanParser,
  hostParser,
  parseEnv,
  pathParser,
  portParser,
  urlParser,
  type EnvParser,
  type EnvRecord,
  type EnvResult,
  type EnvValues,
} from '@ismail/shared';

/** A key or secret: printable ASCII without spaces, long enough not to be a typo. */
const secretParser: EnvParser<string> = (raw) =>
  /^[\x21-\x7e]{8,200}$/.test(raw)
    ? { ok: true, value: raw }
    : { ok: false, expected: '8 to 200 printable characters without spaces' };

/** MTN target environments are lower-case words such as mtnivorycoast or sandbox. */
const targetEnvironmentParser: EnvParser<string> = (raw) =>
  /^[a-z]{3,40}$/.test(raw)
    ? { ok: true, value: raw }
    : { ok: false, expected: 'an MTN target environment such as mtnivorycoast' };

/** A user name or client id: it travels in forms and Basic credentials, so no ':' or spaces. */
const identifierParser: EnvParser<string> = (raw) =>
  /^[A-Za-z0-9._-]{1,100}$/.test(raw)
    ? { ok: true, value: raw }
    : { ok: false, expected: '1 to 100 letters, digits, ".", "_" or "-"' };

/** A Côte d'Ivoire taxpayer account number (NCC): 7 digits and a letter (research 9.6). */
const nccParser: EnvParser<string> = (raw) =>
  /^\d{7}[A-Z]$/.test(raw)
    ? { ok: true, value: raw }
    : { ok: false, expected: 'an NCC: 7 digits and a capital letter' };

/** A Bénin taxpayer number (IFU): 13 digits (research 9.6). */
const ifuParser: EnvParser<string> = (raw) =>
  /^\d{13}$/.test(raw) ? { ok: true, value: raw } : { ok: false, expected: 'an IFU: 13 digits' };

/** An e-MCF identifier (NIM): 10 capital letters or digits, e.g. TS01005852. */
const nimParser: EnvParser<string> = (raw) =>
  /^[A-Z0-9]{10}$/.test(raw)
    ? { ok: true, value: raw }
    : { ok: false, expected: 'a NIM: 10 capital letters or digits' };

/** Unset means "no webhooks"; the widened type lets the fallback be undefined. */
const optionalHttpUrlParser: EnvParser<string | undefined> = urlParser(['http:', 'https:']);

/** Unset means "no such server"; the widened type lets the fallback be undefined. */
const optionalPortParser: EnvParser<number | undefined> = portParser;

export const simEnvSpec = {
  PRINTER_SIM_HOST: {
    parse: hostParser,
    fallback: '127.0.0.1',
    description: 'address the simulated network printer listens on',
  },
  PRINTER_SIM_PORT: {
    parse: portParser,
    fallback: 9100,
    description: 'port of the simulated network printer (9100 like a real one)',
  },
  PRINTER_SIM_CONTROL_PORT: {
    parse: optionalPortParser,
    fallback: undefined,
    description:
      'port of the HTTP switch for the simulated printer’s faults (GET/PUT /faults, for tests); unset starts none',
  },
  ISMAIL_DATA_DIR: {
    parse: pathParser,
    fallback: '.data',
    description: 'folder where received print jobs and captured mail are kept',
  },
  SIM_PAYMENTS_HOST: {
    parse: hostParser,
    fallback: '127.0.0.1',
    description: 'address the simulated Wave, MTN MoMo and Orange Money APIs listen on',
  },
  SIM_WAVE_PORT: { parse: portParser, fallback: 9201, description: 'port of the simulated Wave Checkout API' },
  SIM_WAVE_API_KEY: {
    parse: secretParser,
    fallback: 'wave_ci_sim_demo_api_key',
    description: 'API key the simulated Wave expects as Bearer (demo value)',
  },
  SIM_WAVE_SIGNING_SECRET: {
    parse: secretParser,
    fallback: 'wave_ci_sim_demo_signing_secret',
    description: 'secret the simulated Wave signs webhooks with (demo value)',
  },
  SIM_WAVE_WEBHOOK_URL: {
    parse: optionalHttpUrlParser,
    fallback: undefined,
    description: 'where the simulated Wave sends webhooks; unset sends none',
  },
  SIM_MOMO_PORT: { parse: portParser, fallback: 9202, description: 'port of the simulated MTN MoMo Collections API' },
  SIM_MOMO_SUBSCRIPTION_KEY: {
    parse: secretParser,
    fallback: 'momo-sim-demo-subscription-key',
    description: 'Ocp-Apim-Subscription-Key the simulated MTN MoMo expects (demo value)',
  },
  SIM_MOMO_API_USER: {
    parse: secretParser,
    fallback: '6f2b0c1e-8a4d-4c3b-9e5f-1a2b3c4d5e6f',
    description: 'API user the simulated MTN MoMo expects (demo value)',
  },
  SIM_MOMO_API_KEY: {
    parse: secretParser,
    fallback: 'momo-sim-demo-api-key',
    description: 'API key the simulated MTN MoMo expects (demo value)',
  },
  SIM_MOMO_TARGET_ENVIRONMENT: {
    parse: targetEnvironmentParser,
    fallback: 'mtnivorycoast',
    description: 'X-Target-Environment the simulated MTN MoMo accepts',
  },
  SIM_ORANGE_MONEY_PORT: {
    parse: portParser,
    fallback: 9208,
    description: 'port of the simulated Orange Money Web Payment API',
  },
  SIM_ORANGE_MONEY_CLIENT_ID: {
    parse: identifierParser,
    fallback: 'orange-money-sim-demo-client-id',
    description: 'client id the simulated Orange Money expects (demo value)',
  },
  SIM_ORANGE_MONEY_CLIENT_SECRET: {
    parse: secretParser,
    fallback: 'orange-money-sim-demo-client-secret',
    description: 'client secret the simulated Orange Money expects (demo value)',
    secret: true,
  },
  SIM_ORANGE_MONEY_MERCHANT_KEY: {
    parse: secretParser,
    fallback: 'om-sim-demo-merchant-key',
    description: 'merchant_key the simulated Orange Money expects (demo value)',
    secret: true,
  },
  SIM_SMS_HOST: {
    parse: hostParser,
    fallback: '127.0.0.1',
    description: "address the simulated Africa's Talking and Orange SMS APIs listen on",
  },
  SIM_AT_PORT: { parse: portParser, fallback: 9203, description: "port of the simulated Africa's Talking SMS API" },
  SIM_AT_USERNAME: {
    parse: identifierParser,
    fallback: 'ismail_sim_demo',
    description: "username the simulated Africa's Talking expects (demo value)",
  },
  SIM_AT_API_KEY: {
    parse: secretParser,
    fallback: 'at-sim-demo-api-key',
    description: "apiKey header the simulated Africa's Talking expects (demo value)",
    secret: true,
  },
  SIM_AT_DELIVERY_URL: {
    parse: optionalHttpUrlParser,
    fallback: undefined,
    description: "where the simulated Africa's Talking posts delivery reports; unset sends none",
  },
  SIM_ORANGE_SMS_PORT: { parse: portParser, fallback: 9204, description: 'port of the simulated Orange SMS API' },
  SIM_ORANGE_CLIENT_ID: {
    parse: identifierParser,
    fallback: 'orange-sim-demo-client-id',
    description: 'client id the simulated Orange SMS API expects (demo value)',
  },
  SIM_ORANGE_CLIENT_SECRET: {
    parse: secretParser,
    fallback: 'orange-sim-demo-client-secret',
    description: 'client secret the simulated Orange SMS API expects (demo value)',
    secret: true,
  },
  SIM_ORANGE_NOTIFY_URL: {
    parse: optionalHttpUrlParser,
    fallback: undefined,
    description: 'where the simulated Orange SMS API posts delivery receipts; unset sends none',
  },
  SIM_MAIL_HOST: {
    parse: hostParser,
    fallback: '127.0.0.1',
    description: 'address the SMTP capture and its viewer listen on',
  },
  SIM_SMTP_PORT: {
    parse: portParser,
    fallback: 2525,
    description: 'port of the SMTP capture that keeps what the cloud mails',
  },
  SIM_MAIL_VIEWER_PORT: {
    parse: portParser,
    fallback: 9205,
    description: 'port of the read-only web view of captured mail',
  },
  SIM_PUSH_HOST: {
    parse: hostParser,
    fallback: '127.0.0.1',
    description: 'address the simulated web push service (HTTPS, self-signed) listens on',
  },
  SIM_PUSH_PORT: { parse: portParser, fallback: 9209, description: 'port of the simulated web push service' },
  SIM_PUSH_CERT_FILE: {
    parse: pathParser as EnvParser<string | undefined>,
    fallback: undefined as string | undefined,
    description:
      'where the simulated push service writes its certificate (PEM) for the cloud to trust; unset: not written',
  },
  SIM_TAX_HOST: {
    parse: hostParser,
    fallback: '127.0.0.1',
    description: 'address the simulated FNE and e-MECeF tax authorities listen on',
  },
  SIM_FNE_PORT: {
    parse: portParser,
    fallback: 9206,
    description: "port of the simulated FNE (DGI Côte d'Ivoire) certification API",
  },
  SIM_FNE_API_KEY: {
    parse: secretParser,
    fallback: 'fne-sim-demo-api-key',
    description: 'API key the simulated FNE expects as Bearer (demo value)',
    secret: true,
  },
  SIM_FNE_NCC: {
    parse: nccParser,
    fallback: '9999999X',
    description: 'NCC of the taxpayer the simulated FNE numbers invoices for',
  },
  SIM_EMECEF_PORT: { parse: portParser, fallback: 9207, description: 'port of the simulated e-MECeF (DGI Bénin) API' },
  SIM_EMECEF_TOKEN: {
    parse: secretParser,
    fallback: 'emecef-sim-demo-token',
    description: 'e-MCF token the simulated e-MECeF expects as Bearer (demo value)',
    secret: true,
  },
  SIM_EMECEF_IFU: {
    parse: ifuParser,
    fallback: '9999900000001',
    description: 'IFU of the taxpayer the simulated e-MECeF certifies for',
  },
  SIM_EMECEF_NIM: { parse: nimParser, fallback: 'TS01000001', description: 'NIM of the simulated e-MCF' },
  SIM_TAX_LOOKUPS: {
    parse: booleanParser,
    fallback: false,
    description:
      'true adds look-ups the real FNE and e-MECeF lack (GET /ws/sim/invoices, GET /emcf/api/sim/invoice/{uid}, FNE 409 on a resent invoice); false (default) answers 404 there, as the real platforms do',
  },
  SIM_OIDC_HOST: {
    parse: hostParser,
    fallback: '127.0.0.1',
    description: 'address the simulated OpenID Connect provider (social sign-in) listens on',
  },
  SIM_OIDC_PORT: {
    parse: portParser,
    fallback: 9210,
    description: 'port of the simulated OpenID Connect provider; its issuer is http://SIM_OIDC_HOST:SIM_OIDC_PORT',
  },
  SIM_OIDC_CLIENT_ID: {
    parse: identifierParser,
    fallback: 'ismail-demo',
    description: 'client id of the cloud at the simulated OpenID Connect provider (demo value)',
  },
  SIM_OIDC_CLIENT_SECRET: {
    parse: secretParser,
    fallback: 'oidc-sim-demo-client-secret',
    description: 'client secret of the cloud at the simulated OpenID Connect provider (demo value)',
    secret: true,
  },
  SIM_OIDC_REDIRECT_URI: {
    parse: urlParser(['http:', 'https:']),
    fallback: 'http://127.0.0.1:8080/social/callback',
    description: "where the simulated OpenID Connect provider may send people back (the portal's social callback)",
  },
} as const;

export type SimConfig = EnvValues<typeof simEnvSpec>;

export function parseSimConfig(env: EnvRecord): EnvResult<typeof simEnvSpec> {
  return parseEnv(simEnvSpec, env);
}
