#!/usr/bin/env node
/**
 * Starts every simulator: the network printer, the Wave, MTN MoMo and Orange Money payment APIs, the
 * Africa's Talking and Orange SMS APIs, the SMTP capture with its web view, and the FNE
 * (Côte d'Ivoire) and e-MECeF (Bénin) tax authorities, a web push service, and an OpenID Connect
 * provider for social sign-in (demo person: login awa, password demo-ismail-2026).
 * One line per bad variable, then exit 78; SIGINT/SIGTERM stop cleanly. The printer is
 * required; a provider simulator that cannot start (port taken) is reported in one line
 * and the others keep running, so a busy port never takes the counter's printer down.
 * Keys and secrets are never printed. PRINTER_SIM_CONTROL_PORT adds an HTTP switch for the
 * printer's faults (tests that run this process).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseSimConfig } from './config.js';
import { startSmtpCapture } from './mail/smtp-capture.js';
import { startMailViewer } from './mail/viewer.js';
import { startMomoSimulator } from './payments/momo.js';
import { startOrangeMoneySimulator } from './payments/orange.js';
import { startWaveSimulator } from './payments/wave.js';
import { startPushServiceSimulator } from './push/push-service.js';
import { startOidcProviderSimulator } from './oidc/provider.js';
import { startFaultControl } from './printer/fault-control.js';
import { startNetworkPrinter } from './printer/network-printer.js';
import { startAfricasTalkingSimulator } from './sms/africastalking.js';
import { startOrangeSmsSimulator } from './sms/orange.js';
import { startEmecefSimulator } from './tax/emecef.js';
import { startFneSimulator } from './tax/fne.js';

const parsed = parseSimConfig(process.env);
if (!parsed.ok) {
  for (const problem of parsed.problems)
    process.stderr.write(`ismail firmware-sim: configuration error: ${problem.message}\n`);
  process.exit(78);
}
const config = parsed.values;

const log = (line: Record<string, unknown>): void => {
  process.stdout.write(`${JSON.stringify(line)}\n`);
};

/** Starts an optional simulator; on failure prints one line and returns undefined. */
async function optional<T>(name: string, start: () => Promise<T>): Promise<T | undefined> {
  try {
    return await start();
  } catch (error) {
    process.stderr.write(`ismail firmware-sim: ${name} not started: ${(error as Error).message}\n`);
    return undefined;
  }
}

try {
  const jobsDir = path.resolve(config.ISMAIL_DATA_DIR, 'firmware-sim', 'printer-jobs');
  const printer = await startNetworkPrinter({ host: config.PRINTER_SIM_HOST, port: config.PRINTER_SIM_PORT, jobsDir });
  log({ msg: 'simulated network printer listening', host: printer.host, port: printer.port, jobsDir });
  // The faults switch is for tests only: it starts when its port is given, and must start then.
  const faultControl =
    config.PRINTER_SIM_CONTROL_PORT === undefined
      ? undefined
      : await startFaultControl(printer, { host: config.PRINTER_SIM_HOST, port: config.PRINTER_SIM_CONTROL_PORT });
  if (faultControl !== undefined)
    log({ msg: 'simulated printer faults switch listening', url: `${faultControl.url}/faults` });

  const wave = await optional('simulated Wave', () =>
    startWaveSimulator({
      host: config.SIM_PAYMENTS_HOST,
      port: config.SIM_WAVE_PORT,
      apiKey: config.SIM_WAVE_API_KEY,
      signingSecret: config.SIM_WAVE_SIGNING_SECRET,
      ...(config.SIM_WAVE_WEBHOOK_URL === undefined ? {} : { webhookUrl: config.SIM_WAVE_WEBHOOK_URL }),
    }),
  );
  if (wave !== undefined)
    log({
      msg: 'simulated Wave Checkout API listening',
      url: wave.url,
      webhookUrl: config.SIM_WAVE_WEBHOOK_URL ?? null,
    });

  const momo = await optional('simulated MTN MoMo', () =>
    startMomoSimulator({
      host: config.SIM_PAYMENTS_HOST,
      port: config.SIM_MOMO_PORT,
      subscriptionKey: config.SIM_MOMO_SUBSCRIPTION_KEY,
      apiUser: config.SIM_MOMO_API_USER,
      apiKey: config.SIM_MOMO_API_KEY,
      targetEnvironment: config.SIM_MOMO_TARGET_ENVIRONMENT,
    }),
  );
  if (momo !== undefined)
    log({
      msg: 'simulated MTN MoMo Collections API listening',
      url: momo.url,
      targetEnvironment: config.SIM_MOMO_TARGET_ENVIRONMENT,
    });

  const orangeMoney = await optional('simulated Orange Money', () =>
    startOrangeMoneySimulator({
      host: config.SIM_PAYMENTS_HOST,
      port: config.SIM_ORANGE_MONEY_PORT,
      clientId: config.SIM_ORANGE_MONEY_CLIENT_ID,
      clientSecret: config.SIM_ORANGE_MONEY_CLIENT_SECRET,
      merchantKey: config.SIM_ORANGE_MONEY_MERCHANT_KEY,
    }),
  );
  if (orangeMoney !== undefined)
    log({ msg: 'simulated Orange Money Web Payment API listening', url: orangeMoney.url, country: 'ci' });

  const africasTalking = await optional("simulated Africa's Talking SMS", () =>
    startAfricasTalkingSimulator({
      host: config.SIM_SMS_HOST,
      port: config.SIM_AT_PORT,
      username: config.SIM_AT_USERNAME,
      apiKey: config.SIM_AT_API_KEY,
      ...(config.SIM_AT_DELIVERY_URL === undefined ? {} : { deliveryReportUrl: config.SIM_AT_DELIVERY_URL }),
    }),
  );
  if (africasTalking !== undefined) {
    log({
      msg: "simulated Africa's Talking SMS API listening",
      url: africasTalking.url,
      username: config.SIM_AT_USERNAME,
      deliveryReportUrl: config.SIM_AT_DELIVERY_URL ?? null,
    });
  }

  const orange = await optional('simulated Orange SMS', () =>
    startOrangeSmsSimulator({
      host: config.SIM_SMS_HOST,
      port: config.SIM_ORANGE_SMS_PORT,
      clientId: config.SIM_ORANGE_CLIENT_ID,
      clientSecret: config.SIM_ORANGE_CLIENT_SECRET,
      ...(config.SIM_ORANGE_NOTIFY_URL === undefined ? {} : { notifyUrl: config.SIM_ORANGE_NOTIFY_URL }),
    }),
  );
  if (orange !== undefined)
    log({
      msg: 'simulated Orange SMS API listening',
      url: orange.url,
      notifyUrl: config.SIM_ORANGE_NOTIFY_URL ?? null,
    });

  const mailDir = path.resolve(config.ISMAIL_DATA_DIR, 'firmware-sim', 'mail');
  const smtp = await optional('SMTP capture', () =>
    startSmtpCapture({ host: config.SIM_MAIL_HOST, port: config.SIM_SMTP_PORT, dir: mailDir }),
  );
  if (smtp !== undefined)
    log({ msg: 'SMTP capture listening (nothing is delivered)', host: smtp.host, port: smtp.port, mailDir });
  const mailViewer =
    smtp === undefined
      ? undefined
      : await optional('captured mail viewer', () =>
          startMailViewer(smtp, { host: config.SIM_MAIL_HOST, port: config.SIM_MAIL_VIEWER_PORT }),
        );
  if (mailViewer !== undefined) log({ msg: 'captured mail viewer listening', url: mailViewer.url });
  // Issue 27: a customer's answer to a claim's e-mail (to support+<token>@) goes on to the cloud, as a mail gateway's
  // inbound side would (the secret: SUPPORT_INBOUND_SECRET, else the demo cloud's own default).
  const cloudUrl = process.env.CLOUD_URL;
  if (smtp !== undefined && cloudUrl !== undefined) {
    const { startInboundForwarder } = await import('./mail/inbound-forwarder.js');
    startInboundForwarder({
      capture: smtp,
      url: `${cloudUrl.replace(/\/+$/, '')}/v1/support/inbound-mail`,
      secret: process.env.SUPPORT_INBOUND_SECRET ?? 'ismail-demo-inbound-mail',
      onForward: (event) => log({ msg: 'support reply forwarded to the cloud', ...event }),
    });
  }

  const fne = await optional('simulated FNE', () =>
    startFneSimulator({
      host: config.SIM_TAX_HOST,
      port: config.SIM_FNE_PORT,
      apiKey: config.SIM_FNE_API_KEY,
      ncc: config.SIM_FNE_NCC,
      lookups: config.SIM_TAX_LOOKUPS,
    }),
  );
  if (fne !== undefined)
    log({ msg: 'simulated FNE certification API listening', baseUrl: fne.baseUrl, ncc: config.SIM_FNE_NCC });

  const emecef = await optional('simulated e-MECeF', () =>
    startEmecefSimulator({
      host: config.SIM_TAX_HOST,
      port: config.SIM_EMECEF_PORT,
      token: config.SIM_EMECEF_TOKEN,
      ifu: config.SIM_EMECEF_IFU,
      nim: config.SIM_EMECEF_NIM,
      lookups: config.SIM_TAX_LOOKUPS,
    }),
  );
  if (emecef !== undefined)
    log({
      msg: 'simulated e-MECeF API listening',
      baseUrl: emecef.baseUrl,
      ifu: config.SIM_EMECEF_IFU,
      nim: config.SIM_EMECEF_NIM,
    });

  // The web push service: its certificate is written where the cloud is told to trust it (tools/start.mjs).
  const pushService = await optional('simulated web push service', async () => {
    const started = await startPushServiceSimulator({ host: config.SIM_PUSH_HOST, port: config.SIM_PUSH_PORT });
    const certFile = config.SIM_PUSH_CERT_FILE;
    if (certFile !== undefined) {
      mkdirSync(path.dirname(certFile), { recursive: true });
      writeFileSync(certFile, started.certificatePem);
    }
    return started;
  });
  if (pushService !== undefined)
    log({
      msg: 'simulated web push service listening',
      url: pushService.url,
      certFile: config.SIM_PUSH_CERT_FILE ?? null,
    });

  const oidc = await optional('simulated OpenID Connect provider', () =>
    startOidcProviderSimulator({
      host: config.SIM_OIDC_HOST,
      port: config.SIM_OIDC_PORT,
      clientId: config.SIM_OIDC_CLIENT_ID,
      clientSecret: config.SIM_OIDC_CLIENT_SECRET,
      redirectUris: [config.SIM_OIDC_REDIRECT_URI],
      users: [
        {
          login: 'awa',
          password: 'demo-ismail-2026',
          email: 'awa.kone@exemple.ci',
          givenName: 'Awa',
          familyName: 'Koné',
        },
      ],
    }),
  );
  if (oidc !== undefined)
    log({ msg: 'simulated OpenID Connect provider listening', issuer: oidc.issuer, login: 'awa' });

  const stop = (): void => {
    Promise.all([
      printer.stop(),
      faultControl?.close(),
      wave?.close(),
      momo?.close(),
      orangeMoney?.close(),
      africasTalking?.close(),
      orange?.close(),
      mailViewer?.close(),
      smtp?.close(),
      fne?.close(),
      emecef?.close(),
      pushService?.close(),
      oidc?.close(),
    ]).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (error) {
  process.stderr.write(`ismail firmware-sim: could not start: ${(error as Error).message}\n`);
  process.exit(1);
}
