/**
 * Cloud configuration, read once from the environment at start-up.
 * A bad value stops start-up with one line per variable (see shared/config/env).
 */
import {
  booleanParser,
  hostParser,
  integerParser,
  oneOfParser,
  logLevelParser,
  pathParser,
  portParser,
  secretParser,
  urlParser,
  type EnvValues,
} from '@ismail/shared';
import { trustProxyParser, type TrustProxy } from './platform/http/trust-proxy.js';
import { parseAllowance } from './modules/webhooks/outbound.js';

const textParser = (maxLength: number) => (raw: string) =>
  raw.length >= 1 && raw.length <= maxLength
    ? { ok: true as const, value: raw }
    : { ok: false as const, expected: `1 to ${String(maxLength)} characters` };

export const cloudEnvSpec = {
  CLOUD_HOST: { parse: hostParser, fallback: '127.0.0.1', description: 'address the cloud API listens on' },
  CLOUD_PORT: { parse: portParser, fallback: 8080, description: 'port the cloud API listens on' },
  DATABASE_URL: {
    parse: urlParser(['postgres:', 'postgresql:']),
    fallback: undefined as string | undefined,
    description: 'PostgreSQL server URL; unset means the embedded PostgreSQL under ISMAIL_DATA_DIR',
  },
  DATABASE_DIRECT_URL: {
    parse: urlParser(['postgres:', 'postgresql:']),
    fallback: undefined as string | undefined,
    description:
      'a direct URL to the same database, past any pooler (PgBouncer): migrations and the LISTEN connections need a session of their own; unset means DATABASE_URL',
  },
  DATABASE_POOL_MAX: {
    parse: integerParser(1, 100),
    fallback: 10,
    description: 'connections to a PostgreSQL server (the embedded one always uses 1)',
  },
  ELECTRIC_URL: {
    parse: urlParser(['http:', 'https:']),
    fallback: undefined as string | undefined,
    // Its query may hold Electric's API secret (`?secret=…`), so it is never printed.
    secret: true,
    description:
      "the Electric sync service (http://electric:3000, with ?secret=… if it has one) that /v1/hubs/shape forwards to after authenticating the hub; unset: the cloud's own shape feed",
  },
  TRUST_PROXY: {
    parse: trustProxyParser,
    fallback: false as TrustProxy,
    description:
      'reverse proxies allowed to name the client in X-Forwarded-For: off, a hop count, or their addresses (10.0.0.1,10.0.1.0/24); off: the TCP peer is the client',
  },
  ISMAIL_DATA_DIR: {
    parse: pathParser,
    fallback: '.data',
    description: 'folder for local data (embedded database, files)',
  },
  PORTAL_DIR: {
    parse: pathParser,
    fallback: undefined as string | undefined,
    description:
      "folder of the built client portal served at / (npm run build -w renderer); default: the repository's renderer/dist/portal",
  },
  ISMAIL_DEMO: { parse: booleanParser, fallback: false, description: 'seed demo accounts on first start' },
  ISMAIL_TEST_CLOCK: {
    parse: booleanParser,
    fallback: false,
    description:
      'browser tests only, with ISMAIL_DEMO: Services and Real estate decide with a clock the operator moves forward (POST /v1/operator/test-clock); refused without ISMAIL_DEMO',
  },
  ISMAIL_WEBHOOKS_ALLOW_PRIVATE_HOSTS: {
    parse: parseAllowance,
    fallback: [] as string[],
    description:
      'operator only, never a default: address:port pairs (127.0.0.1:4010,[::1]:4010) webhooks may reach although not public, over HTTP too (an on-site integration, a local simulator); empty: public HTTPS only',
  },
  ISMAIL_MASTER_KEY: {
    parse: (raw: string) =>
      /^[A-Za-z0-9_-]{43}$/.test(raw)
        ? { ok: true as const, value: raw }
        : { ok: false as const, expected: '32 random bytes in base64url (43 characters)' },
    fallback: undefined as string | undefined,
    secret: true,
    description:
      'key that seals secrets at rest; required with DATABASE_URL (every process shares it); unset on the embedded database means a key file in ISMAIL_DATA_DIR/cloud',
  },
  ISMAIL_OPERATOR_TOKEN: {
    parse: (raw: string) =>
      /^[A-Za-z0-9_-]{32,200}$/.test(raw)
        ? { ok: true as const, value: raw }
        : { ok: false as const, expected: '32 to 200 base64url characters' },
    fallback: undefined as string | undefined,
    secret: true,
    description:
      'token of the /v1/operator routes; required with DATABASE_URL (every process shares it); unset on the embedded database means a file ISMAIL_DATA_DIR/cloud/operator-token',
  },
  LOG_LEVEL: { parse: logLevelParser, fallback: 'info', description: 'pino log level' },
  WALLET_CREDIT_EXPIRY_DAYS: {
    parse: integerParser(0, 3650),
    fallback: 0,
    description: 'credits of a wallet idle this many days expire; 0 turns expiry off',
  },
  SMTP_URL: {
    parse: urlParser(['smtp:', 'smtps:']),
    fallback: undefined as string | undefined,
    description: 'mail server for notifications (smtp://host:port); unset disables email',
  },
  NOTIFY_EMAIL_FROM: {
    parse: (raw: string) =>
      raw.length <= 200 && raw.includes('@')
        ? { ok: true as const, value: raw }
        : { ok: false as const, expected: 'a sender such as "ISMAIL <no-reply@ismail.ci>"' },
    fallback: 'ISMAIL <no-reply@ismail.ci>',
    description: 'sender of notification emails',
  },
  SMS_PROVIDER: {
    parse: oneOfParser(['none', 'africastalking', 'orange'] as const),
    fallback: 'none' as 'none' | 'africastalking' | 'orange',
    description: 'SMS provider for notifications',
  },
  SMS_SENDER_ID: {
    parse: (raw: string) =>
      /^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$/.test(raw)
        ? { ok: true as const, value: raw }
        : { ok: false as const, expected: 'an alphanumeric sender ID of at most 11 characters with a letter' },
    fallback: 'ISMAIL',
    description: 'SMS sender name (registered with the operators)',
  },
  AT_API_URL: {
    parse: urlParser(['http:', 'https:']),
    fallback: undefined as string | undefined,
    description: "Africa's Talking API base URL (or the simulator)",
  },
  AT_USERNAME: {
    parse: secretParser,
    fallback: undefined as string | undefined,
    description: "Africa's Talking username",
  },
  AT_API_KEY: {
    parse: secretParser,
    fallback: undefined as string | undefined,
    secret: true,
    description: "Africa's Talking API key",
  },
  ORANGE_SMS_API_URL: {
    parse: urlParser(['http:', 'https:']),
    fallback: undefined as string | undefined,
    description: 'Orange SMS API base URL (or the simulator)',
  },
  ORANGE_CLIENT_ID: {
    parse: secretParser,
    fallback: undefined as string | undefined,
    secret: true,
    description: 'Orange API client id',
  },
  ORANGE_CLIENT_SECRET: {
    parse: secretParser,
    fallback: undefined as string | undefined,
    secret: true,
    description: 'Orange API client secret',
  },
  ORANGE_SENDER_ADDRESS: {
    parse: (raw: string) =>
      /^tel:\+\d{4,15}$/.test(raw)
        ? { ok: true as const, value: raw }
        : { ok: false as const, expected: 'tel:+2250000' },
    fallback: 'tel:+2250000',
    description: "Orange sender address of the country (tel:+2250000 for Côte d'Ivoire)",
  },
  NOTIFY_RECEIPT_TOKEN: {
    parse: secretParser,
    fallback: undefined as string | undefined,
    secret: true,
    description: 'secret path segment of the SMS receipt URLs; unset derives one from the master key',
  },
  VAPID_PUBLIC_KEY: {
    parse: secretParser,
    fallback: undefined as string | undefined,
    description:
      'web push public key; required with DATABASE_URL; unset on the embedded database means a key pair kept in ISMAIL_DATA_DIR/cloud/vapid.json',
  },
  VAPID_PRIVATE_KEY: {
    parse: secretParser,
    fallback: undefined as string | undefined,
    secret: true,
    description: 'web push private key; required with DATABASE_URL',
  },
  VAPID_SUBJECT: {
    parse: (raw: string) =>
      /^(mailto:|https:)/.test(raw)
        ? { ok: true as const, value: raw }
        : { ok: false as const, expected: 'a mailto: or https: contact' },
    fallback: 'mailto:support@ismail.ci',
    description: 'contact given to push services',
  },
  ISMAIL_PUSH_TEST_SERVICE: {
    parse: urlParser(['https:']),
    fallback: undefined as string | undefined,
    description:
      'operator only, never a default: the origin (https://127.0.0.1:9209) of a push service taken beside the known ones (the simulator in tests and the demo); unset: known push services only',
  },
  ISMAIL_PUSH_TEST_SERVICE_CA: {
    parse: pathParser,
    fallback: undefined as string | undefined,
    description:
      "PEM certificate to trust for ISMAIL_PUSH_TEST_SERVICE (the simulator's self-signed one), read at each send",
  },
  FNE_API_URL: {
    parse: urlParser(['http:', 'https:']),
    fallback: undefined as string | undefined,
    description: "DGI FNE base URL (Côte d'Ivoire e-invoicing, or the simulator); unset: CI invoices are not submitted",
  },
  FNE_API_KEY: {
    parse: secretParser,
    fallback: undefined as string | undefined,
    secret: true,
    description: 'FNE API key of the taxpayer',
  },
  FNE_POINT_OF_SALE: {
    parse: (raw: string) =>
      raw.length >= 1 && raw.length <= 100
        ? { ok: true as const, value: raw }
        : { ok: false as const, expected: '1 to 100 characters' },
    fallback: 'Caisse principale',
    description: 'FNE point of sale used when an invoice names none',
  },
  FNE_ESTABLISHMENT: {
    parse: (raw: string) =>
      raw.length >= 1 && raw.length <= 100
        ? { ok: true as const, value: raw }
        : { ok: false as const, expected: '1 to 100 characters' },
    fallback: 'Siège',
    description: 'FNE establishment used when an invoice names none',
  },
  EMECEF_API_URL: {
    parse: urlParser(['http:', 'https:']),
    fallback: undefined as string | undefined,
    description: 'DGI Bénin e-MECeF API base URL (or the simulator); unset: BJ invoices are not submitted',
  },
  EMECEF_TOKEN: {
    parse: secretParser,
    fallback: undefined as string | undefined,
    secret: true,
    description: "the e-MCF's JWT issued by the DGI",
  },
  EMECEF_OPERATOR_NAME: {
    parse: textParser(100),
    fallback: 'Caisse ISMAIL',
    description: 'operator (cashier) name printed on e-MECeF invoices',
  },
  FNE_SIM_LOOKUPS: {
    parse: booleanParser,
    fallback: false,
    description:
      "true: after an uncertain FNE answer, search the simulator's /sim/invoices (only a simulator started with SIM_TAX_LOOKUPS=true has it); false: a person checks the FNE space (admin queue)",
  },
  EMECEF_SIM_LOOKUPS: {
    parse: booleanParser,
    fallback: false,
    description:
      "true: ask the simulator's /sim/invoice/{uid} what became of a finalised request (SIM_TAX_LOOKUPS=true only); false: a person checks the e-MECeF portal (admin queue)",
  },
  ISMAIL_OPERATOR_LEGAL_NAME: {
    parse: textParser(200),
    fallback: 'ISMAIL',
    description: "the operator's legal name, seller on credit-purchase invoices",
  },
  ISMAIL_OPERATOR_TAX_ID: {
    parse: textParser(30),
    fallback: undefined as string | undefined,
    description: "the operator's tax ID (NCC); unset: automatic invoices are held for correction, not issued",
  },
  ISMAIL_OPERATOR_TAX_REGIME: {
    parse: textParser(20),
    fallback: 'RNI',
    description: "the operator's tax regime (RNI, RSI, ...)",
  },
  ISMAIL_OPERATOR_ADDRESS: {
    parse: textParser(300),
    fallback: 'Abidjan',
    description: "the operator's address on its invoices",
  },
  ISMAIL_OPERATOR_RCCM: {
    parse: textParser(60),
    fallback: undefined as string | undefined,
    description: "the operator's trade register number (RCCM)",
  },
  ISMAIL_OPERATOR_PHONE: {
    parse: textParser(30),
    fallback: undefined as string | undefined,
    description: "the phone number printed on the operator's invoices",
  },
  INVOICE_CREDIT_SALE_TAX_GROUP: {
    parse: textParser(20),
    fallback: 'CI-EXO-LEG',
    description:
      'tax group of a credit purchase (VAT is collected when credits are spent, so by default none at purchase)',
  },
  CLOUD_PUBLIC_URL: {
    parse: urlParser(['http:', 'https:']),
    fallback: undefined as string | undefined,
    description:
      'address payers and providers reach the cloud at (return pages, callbacks); default: the listen address',
  },
  WAVE_API_URL: {
    parse: urlParser(['http:', 'https:']),
    fallback: undefined as string | undefined,
    description: 'Wave API base URL (https://api.wave.com, or the simulator); unset disables Wave',
  },
  WAVE_API_KEY: {
    parse: secretParser,
    fallback: undefined as string | undefined,
    secret: true,
    description: 'Wave business API key',
  },
  WAVE_SIGNING_SECRET: {
    parse: secretParser,
    fallback: undefined as string | undefined,
    secret: true,
    description: 'Wave webhook signing secret',
  },
  MOMO_API_URL: {
    parse: urlParser(['http:', 'https:']),
    fallback: undefined as string | undefined,
    description: 'MTN MoMo API base URL (or the simulator); unset disables MoMo',
  },
  MOMO_SUBSCRIPTION_KEY: {
    parse: secretParser,
    fallback: undefined as string | undefined,
    secret: true,
    description: 'MTN MoMo Collections subscription key',
  },
  MOMO_API_USER: {
    parse: secretParser,
    fallback: undefined as string | undefined,
    secret: true,
    description: 'MTN MoMo API user (a UUID)',
  },
  MOMO_API_KEY: {
    parse: secretParser,
    fallback: undefined as string | undefined,
    secret: true,
    description: 'MTN MoMo API key',
  },
  MOMO_TARGET_ENVIRONMENT: {
    parse: hostParser,
    fallback: 'mtnivorycoast',
    description: 'MTN X-Target-Environment (sandbox, mtnivorycoast, ...)',
  },
  ORANGE_MONEY_API_URL: {
    parse: urlParser(['http:', 'https:']),
    fallback: undefined as string | undefined,
    description:
      'Orange Money Web Payment API base URL (https://api.orange.com, or the simulator); unset disables Orange Money, which needs all four ORANGE_MONEY_ values',
  },
  ORANGE_MONEY_CLIENT_ID: {
    parse: secretParser,
    fallback: undefined as string | undefined,
    secret: true,
    description: 'client id of the Orange Developer application subscribed to Orange Money Web Payment',
  },
  ORANGE_MONEY_CLIENT_SECRET: {
    parse: secretParser,
    fallback: undefined as string | undefined,
    secret: true,
    description: 'client secret of that Orange Developer application',
  },
  ORANGE_MONEY_MERCHANT_KEY: {
    parse: secretParser,
    fallback: undefined as string | undefined,
    secret: true,
    description: 'Orange Money merchant key',
  },
  ORANGE_MONEY_COUNTRY: {
    parse: (raw: string) =>
      /^[a-z]{2,3}$/.test(raw)
        ? { ok: true as const, value: raw }
        : { ok: false as const, expected: 'a country path segment such as ci, sn or dev' },
    fallback: 'ci',
    description:
      "Orange Money country (ci for Côte d'Ivoire; dev is Orange's sandbox, whose OUV money buys no credits)",
  },
} as const;

export type CloudConfig = EnvValues<typeof cloudEnvSpec>;
