#!/usr/bin/env node
// `npm start`: builds, then runs the whole product on this machine: the cloud (embedded
// PostgreSQL unless DATABASE_URL is set), one hub and the simulated devices, in demo mode.
// Prints the URLs and demo accounts once everything answers. Ctrl-C stops all cleanly; the
// next start reuses the data in ISMAIL_DATA_DIR (default ./.data). The cloud can stop and
// start alone (key `c`, or `npx ismail cloud stop|start`), and stopping unexpectedly it
// leaves the hub and simulators running: that is how a counter meets a cut line, and the
// launcher must let a new user see the counter keep selling and then drain its outbox.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { networkInterfaces } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runSteps } from './run-steps.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const readyTimeoutMs = 60_000;
const stopGraceMs = 10_000;

if (
  !runSteps(root, [
    { name: 'build (tsc -b)', command: [path.join(root, 'node_modules', '.bin', 'tsc'), '-b'] },
    { name: 'counter and portal builds (vite)', command: ['npm', 'run', 'build', '-w', 'renderer', '--silent'] },
  ])
)
  process.exit(1);

// Validate every variable before starting anything: one line per bad value, no stack trace.
const [{ parseCloudConfig }, { parseHubConfig }, { parseSimConfig }] = await Promise.all([
  import('@ismail/cloud'),
  import('@ismail/hub'),
  import('@ismail/firmware-sim'),
]);
const env = {
  ...process.env,
  ISMAIL_DATA_DIR: path.resolve(process.env.ISMAIL_DATA_DIR ?? path.join(root, '.data')),
  ISMAIL_DEMO: process.env.ISMAIL_DEMO ?? 'true',
};
const results = [parseCloudConfig(env), parseHubConfig(env), parseSimConfig(env)];
const problems = [...new Set(results.flatMap((r) => (r.ok ? [] : r.problems.map((p) => p.message))))];
if (problems.length > 0) {
  for (const message of problems) process.stderr.write(`ismail: configuration error: ${message}\n`);
  process.exit(78);
}
const [cloud, hub, sim] = results.map((r) => r.values);
const cloudUrl = `http://${cloud.CLOUD_HOST}:${String(cloud.CLOUD_PORT)}`;
const hubUrl = `http://${hub.HUB_HOST}:${String(hub.HUB_PORT)}`;
// Terminals on the shop LAN reach the hub over HTTPS (its own CA) here (issue 28.1); the hub picks the same address.
const lanHost = ['0.0.0.0', '::'].includes(hub.HUB_LAN_HOST)
  ? (Object.values(networkInterfaces())
      .flat()
      .find((a) => a !== undefined && !a.internal && a.family === 'IPv4')?.address ?? '127.0.0.1')
  : hub.HUB_LAN_HOST;
const hubLanUrl = hub.HUB_LAN_PORT === 0 ? null : `https://${lanHost}:${String(hub.HUB_LAN_PORT)}`;
env.CLOUD_URL ??= cloudUrl;
// The simulated Wave, MTN MoMo and Orange Money stand in for the real providers: the cloud
// talks to them with their demo keys, and Wave's webhooks and Orange's notifications (whose
// address the cloud gives with each payment) come back to the cloud.
const waveUrl = `http://${sim.SIM_PAYMENTS_HOST}:${String(sim.SIM_WAVE_PORT)}`;
const momoUrl = `http://${sim.SIM_PAYMENTS_HOST}:${String(sim.SIM_MOMO_PORT)}`;
env.WAVE_API_URL ??= waveUrl;
env.WAVE_API_KEY ??= sim.SIM_WAVE_API_KEY;
env.WAVE_SIGNING_SECRET ??= sim.SIM_WAVE_SIGNING_SECRET;
env.SIM_WAVE_WEBHOOK_URL ??= `${cloudUrl}/v1/payments/wave/webhook`;
env.MOMO_API_URL ??= momoUrl;
env.MOMO_SUBSCRIPTION_KEY ??= sim.SIM_MOMO_SUBSCRIPTION_KEY;
env.MOMO_API_USER ??= sim.SIM_MOMO_API_USER;
env.MOMO_API_KEY ??= sim.SIM_MOMO_API_KEY;
env.MOMO_TARGET_ENVIRONMENT ??= sim.SIM_MOMO_TARGET_ENVIRONMENT;
const orangeMoneyUrl = `http://${sim.SIM_PAYMENTS_HOST}:${String(sim.SIM_ORANGE_MONEY_PORT)}`;
env.ORANGE_MONEY_API_URL ??= orangeMoneyUrl;
env.ORANGE_MONEY_CLIENT_ID ??= sim.SIM_ORANGE_MONEY_CLIENT_ID;
env.ORANGE_MONEY_CLIENT_SECRET ??= sim.SIM_ORANGE_MONEY_CLIENT_SECRET;
env.ORANGE_MONEY_MERCHANT_KEY ??= sim.SIM_ORANGE_MONEY_MERCHANT_KEY;
// Web push goes to the simulated push service (HTTPS with its own certificate, written where the
// cloud reads it): the cloud takes it beside the real push services only because it is named here.
const pushServiceUrl = `https://${sim.SIM_PUSH_HOST}:${String(sim.SIM_PUSH_PORT)}`;
env.SIM_PUSH_CERT_FILE ??= path.join(env.ISMAIL_DATA_DIR, 'firmware-sim', 'push-service.pem');
env.ISMAIL_PUSH_TEST_SERVICE ??= pushServiceUrl;
env.ISMAIL_PUSH_TEST_SERVICE_CA ??= env.SIM_PUSH_CERT_FILE;
// "Continuer avec un autre compte" (social sign-in) goes to the simulated OpenID Connect
// provider, which sends people back to the cloud's portal.
env.OIDC_ISSUER ??= `http://${sim.SIM_OIDC_HOST}:${String(sim.SIM_OIDC_PORT)}`;
env.OIDC_CLIENT_ID ??= sim.SIM_OIDC_CLIENT_ID;
env.OIDC_CLIENT_SECRET ??= sim.SIM_OIDC_CLIENT_SECRET;
env.OIDC_PROVIDER_LABEL ??= 'Simulateur OIDC';
env.SIM_OIDC_REDIRECT_URI ??= `${cloudUrl}/social/callback`;
// Notifications go to the simulated SMTP server (read them in the mail viewer) and to the
// simulated Africa's Talking, whose delivery reports come back to the cloud.
const smtpUrl = `smtp://${sim.SIM_MAIL_HOST}:${String(sim.SIM_SMTP_PORT)}`;
const mailViewerUrl = `http://${sim.SIM_MAIL_HOST}:${String(sim.SIM_MAIL_VIEWER_PORT)}/`;
const atUrl = `http://${sim.SIM_SMS_HOST}:${String(sim.SIM_AT_PORT)}`;
env.SMTP_URL ??= smtpUrl;
env.SMS_PROVIDER ??= 'africastalking';
env.AT_API_URL ??= atUrl;
env.AT_USERNAME ??= sim.SIM_AT_USERNAME;
env.AT_API_KEY ??= sim.SIM_AT_API_KEY;
env.NOTIFY_RECEIPT_TOKEN ??= randomBytes(24).toString('base64url');
// Invoices of Côte d'Ivoire sellers go to the simulated DGI FNE.
const fneUrl = `http://${sim.SIM_TAX_HOST}:${String(sim.SIM_FNE_PORT)}`;
env.FNE_API_URL ??= `${fneUrl}/ws`;
env.FNE_API_KEY ??= sim.SIM_FNE_API_KEY;
// Invoices of Bénin sellers go to the simulated e-MECeF.
const emecefUrl = `http://${sim.SIM_TAX_HOST}:${String(sim.SIM_EMECEF_PORT)}`;
env.EMECEF_API_URL ??= `${emecefUrl}/emcf/api`;
env.EMECEF_TOKEN ??= sim.SIM_EMECEF_TOKEN;
// The demo operator's identity on credit-purchase invoices (a made-up NCC of the right shape).
env.ISMAIL_OPERATOR_LEGAL_NAME ??= 'ISMAIL Démo SAS';
env.ISMAIL_OPERATOR_TAX_ID ??= '2600001A';
env.ISMAIL_OPERATOR_ADDRESS ??= 'Plateau, Abidjan';
env.SIM_AT_DELIVERY_URL ??= `${cloudUrl}/v1/notifications/receipts/africastalking/${env.NOTIFY_RECEIPT_TOKEN}`;

const logDir = path.join(env.ISMAIL_DATA_DIR, 'logs');
mkdirSync(logDir, { recursive: true });
const children = new Map();
const entries = {
  'firmware-sim': 'firmware-sim/dist/src/main.js',
  cloud: 'cloud/dist/src/main.js',
  hub: 'hub/dist/src/main.js',
};
// Where `npx ismail cloud stop|start` finds this launcher (and tests find each child).
const pidFile = path.join(env.ISMAIL_DATA_DIR, 'launcher.json');
let stopping = false;
let cloudStopAsked = false;
// A start asked while the cloud is still shutting down happens when it has exited.
let cloudStartAsked = false;

function writePidFile() {
  const pids = Object.fromEntries([...children].map(([name, child]) => [name, child.pid]));
  // Written beside and renamed: `npx ismail cloud stop` polls this file while it changes, and
  // must read the old or the new, never a half-written one.
  writeFileSync(`${pidFile}.tmp`, `${JSON.stringify({ launcher: process.pid, cloudUrl, hubUrl, children: pids })}\n`);
  renameSync(`${pidFile}.tmp`, pidFile);
}

function launch(name) {
  const entry = entries[name];
  const log = createWriteStream(path.join(logDir, `${name}.log`), { flags: 'a' });
  const child = spawn(process.execPath, [path.join(root, entry)], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(log);
  child.stderr.on('data', (chunk) => {
    log.write(chunk);
    for (const line of chunk.toString().split('\n').filter(Boolean)) process.stderr.write(`[${name}] ${line}\n`);
  });
  child.on('exit', (code, signal) => {
    children.delete(name);
    writePidFile();
    if (stopping) return;
    if (name === 'cloud') {
      const why = cloudStopAsked
        ? 'as asked'
        : `unexpectedly (${signal ?? `exit ${String(code)}`}); log: ${path.join(logDir, 'cloud.log')}`;
      process.stderr.write(
        `ismail: the cloud stopped ${why}. The hub and simulators keep running: the counter sells offline and syncs when the cloud is back (press c, or npx ismail cloud start).\n`,
      );
      cloudStopAsked = false;
      if (cloudStartAsked) startCloud();
      return;
    }
    process.stderr.write(
      `ismail: ${name} stopped unexpectedly (${signal ?? `exit ${String(code)}`}); stopping everything. Log: ${path.join(logDir, `${name}.log`)}\n`,
    );
    void stopAll(1);
  });
  children.set(name, child);
  writePidFile();
}

function stopCloud() {
  const cloudChild = children.get('cloud');
  if (cloudChild === undefined || stopping) return;
  cloudStopAsked = true;
  process.stdout.write('ismail: stopping the cloud alone…\n');
  cloudChild.kill('SIGTERM');
}

function startCloud() {
  if (stopping) return;
  if (children.has('cloud')) {
    cloudStartAsked = cloudStopAsked;
    return;
  }
  cloudStartAsked = false;
  process.stdout.write('ismail: starting the cloud again…\n');
  launch('cloud');
  // Not `until`: a cloud that does not come back must not take the counter down with it.
  void (async () => {
    const deadline = Date.now() + readyTimeoutMs;
    while (Date.now() < deadline && !stopping && children.has('cloud')) {
      if (await httpOk(`${cloudUrl}/health`)().catch(() => false)) {
        process.stdout.write(`ismail: the cloud answers again at ${cloudUrl}; the hub drains its outbox.\n`);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    if (!stopping)
      process.stderr.write(
        `ismail: the cloud did not answer within ${String(readyTimeoutMs / 1000)} s; log: ${path.join(logDir, 'cloud.log')}\n`,
      );
  })();
}

async function stopAll(exitCode) {
  if (stopping && exitCode === 0) return;
  stopping = true;
  const exits = [...children.values()].map((child) => new Promise((resolve) => child.once('exit', resolve)));
  for (const child of children.values()) child.kill('SIGTERM');
  const timer = setTimeout(() => {
    for (const child of children.values()) child.kill('SIGKILL');
  }, stopGraceMs);
  await Promise.all(exits);
  clearTimeout(timer);
  rmSync(pidFile, { force: true });
  process.exit(exitCode);
}
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));
// `npx ismail cloud stop|start` (cli/src/commands/launcher.ts) signals these.
process.on('SIGUSR1', stopCloud);
process.on('SIGUSR2', startCloud);

async function until(what, probe) {
  const deadline = Date.now() + readyTimeoutMs;
  while (Date.now() < deadline) {
    if (stopping) return;
    if (await probe().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  process.stderr.write(
    `ismail: ${what} did not become ready within ${String(readyTimeoutMs / 1000)} s; logs in ${logDir}\n`,
  );
  await stopAll(1);
}
const httpOk = (url) => async () => (await fetch(url, { signal: AbortSignal.timeout(2000) })).ok;
const tcpOpen = (host, port) => () =>
  new Promise((resolve) => {
    const socket = net.connect({ host, port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });

const startedAt = Date.now();
launch('firmware-sim');
launch('cloud');
launch('hub');
await Promise.all([
  until('cloud', httpOk(`${cloudUrl}/health`)),
  until('hub', httpOk(`${hubUrl}/health`)),
  until('printer simulator', tcpOpen(sim.PRINTER_SIM_HOST, sim.PRINTER_SIM_PORT)),
]);
if (stopping) await new Promise(() => undefined);

const { demoAccounts, demoStaff, demoTotpSecret } = await import('@ismail/cloud');
const demo = env.ISMAIL_DEMO === 'true' || env.ISMAIL_DEMO === '1';

// The simulated printer is the hub's counter printer in the demo (the fixed id makes a
// restart find it again rather than add a second one), and a test page goes through the
// print queue so its picture is in the jobs folder.
// The demo hub is paired to the demo boutique on first start, so it syncs: its catalog comes
// down and its counter operations go up (the one-time code goes from the cloud to the hub).
let demoPairing = '';
if (demo) {
  try {
    const status = await (await fetch(`${hubUrl}/api/v1/sync/status`)).json();
    if (status.paired) demoPairing = `paired (hub ${status.hubId})`;
    else {
      const operator = {
        // With DATABASE_URL the cloud takes its token from the environment and writes no file (issue 29.1).
        authorization: `Bearer ${env.ISMAIL_OPERATOR_TOKEN ?? readFileSync(path.join(env.ISMAIL_DATA_DIR, 'cloud', 'operator-token'), 'utf8').trim()}`,
        'content-type': 'application/json',
      };
      const partner = demoAccounts.find((a) => a.profile === 'partner');
      const registered = await fetch(`${cloudUrl}/v1/operator/hubs`, {
        method: 'POST',
        headers: operator,
        body: JSON.stringify({ partnerId: partner.id, name: 'Hub démo' }),
      });
      if (registered.status !== 201) demoPairing = `not paired (the cloud answered HTTP ${String(registered.status)})`;
      else {
        const { hub, pairingCode } = await registered.json();
        const admin = {
          authorization: `Bearer ${readFileSync(path.join(env.ISMAIL_DATA_DIR, 'hub', 'admin-token'), 'utf8').trim()}`,
          'content-type': 'application/json',
        };
        const paired = await fetch(`${hubUrl}/api/v1/pairing`, {
          method: 'POST',
          headers: admin,
          body: JSON.stringify({ hubId: hub.id, pairingCode }),
        });
        demoPairing = paired.ok
          ? `paired to the demo boutique (hub ${hub.id})`
          : `not paired (HTTP ${String(paired.status)})`;
      }
    }
  } catch (error) {
    demoPairing = `not paired (${error.message})`;
  }
}

let demoPrinting = '';
if (demo) {
  try {
    const token = readFileSync(path.join(env.ISMAIL_DATA_DIR, 'hub', 'admin-token'), 'utf8').trim();
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    const printerId = '00000000-0000-4000-8000-0000000000a1';
    const added = await fetch(`${hubUrl}/api/v1/printers`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        id: printerId,
        name: 'Caisse 1 (simulée)',
        transport: 'tcp',
        host: sim.PRINTER_SIM_HOST,
        port: sim.PRINTER_SIM_PORT,
        widthMm: 80,
      }),
    });
    if (added.status === 201) {
      // No body: the JSON content type would announce one.
      const page = await fetch(`${hubUrl}/api/v1/printers/${printerId}/test-page`, {
        method: 'POST',
        headers: { authorization: headers.authorization },
      });
      demoPrinting = page.ok ? 'test page queued at the hub' : `test page refused (HTTP ${String(page.status)})`;
    } else demoPrinting = added.ok ? 'configured at the hub' : `not configured (HTTP ${String(added.status)})`;
  } catch (error) {
    demoPrinting = `not configured (${error.message})`;
  }
}
const lines = [
  '',
  `ISMAIL is running (ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s)`,
  '',
  `  Cloud API        ${cloudUrl}   (health: ${cloudUrl}/health, API description: ${cloudUrl}/openapi.json)`,
  `  Client portal    ${cloudUrl}/   phone-first web app (installable): sign in as a demo client`,
  `  Counter (hub)    ${hubUrl}/${demoPairing === '' ? '' : `   ${demoPairing}; npx ismail hub status`}`,
  ...(hubLanUrl === null
    ? []
    : [
        `  Terminals (LAN)  ${hubLanUrl}/   other tills on the shop network (HTTPS, the hub's CA); pair with a code from État on the counter`,
      ]),
  `  Printer (sim)    ${sim.PRINTER_SIM_HOST}:${String(sim.PRINTER_SIM_PORT)}   raw TCP ESC/POS; jobs kept in ${path.join(env.ISMAIL_DATA_DIR, 'firmware-sim', 'printer-jobs')}${demoPrinting === '' ? '' : ` (${demoPrinting})`}`,
  `  Wave (sim)       ${waveUrl}   checkout pages at ${waveUrl}/pay/<session>; signed webhooks to the cloud`,
  `  MTN MoMo (sim)   ${momoUrl}   payer numbers ending 1 or 2 are refused, 3 never answers`,
  `  Orange (sim)     ${orangeMoneyUrl}   Orange Money: payer pages at ${orangeMoneyUrl}/payment/pay_token/<token>; notifications to the cloud`,
  `  OIDC (sim)       ${env.OIDC_ISSUER}   social sign-in ("Continuer avec un autre compte"): demo person awa / demo-ismail-2026`,
  `  Web push (sim)   ${pushServiceUrl}   push service: subscribe with POST /sim/subscriptions, read GET /sim/subscriptions/<id>/messages`,
  `  Mail (sim)       ${smtpUrl}   what the cloud emails: ${mailViewerUrl}`,
  `  SMS (sim)        ${atUrl}   Africa's Talking-style; numbers ending 8 fail delivery, 9 are refused`,
  `  DGI FNE (sim)    ${fneUrl}/ws   certifies Côte d'Ivoire invoices (taxpayer ${sim.SIM_FNE_NCC})`,
  `  e-MECeF (sim)    ${emecefUrl}/emcf/api   certifies Bénin invoices (taxpayer IFU ${sim.SIM_EMECEF_IFU})`,
  `  Database         ${cloud.DATABASE_URL === undefined ? `embedded PostgreSQL in ${path.join(env.ISMAIL_DATA_DIR, 'cloud', 'pgdata')}` : 'PostgreSQL server from DATABASE_URL'}`,
  `  Hub admin token  ${path.join(env.ISMAIL_DATA_DIR, 'hub', 'admin-token')}`,
  `  Operator token   ${path.join(env.ISMAIL_DATA_DIR, 'cloud', 'operator-token')}   (used by npx ismail on this machine)`,
  `  Logs             ${logDir}`,
  '',
  ...(demo
    ? [
        '  Demo accounts (password for all: ' +
          demoAccounts[0].password +
          '; each has an approved KYC, an ISMAIL ID and a card)',
        ...demoAccounts.map((a) => `    ${a.profile.padEnd(13)} ${a.email.padEnd(28)} ${a.displayName}`),
        `    ${'counter staff'.padEnd(13)} ${demoStaff.email.padEnd(28)} ${demoStaff.displayName}`,
        `    ${'provider'.padEnd(13)} ${'plomberie.kouassi@demo.ismail.ci'.padEnd(28)} Plomberie Kouassi & Fils (Services; six more in the README)`,
        `  Admins sign in with an authenticator code: add the secret ${demoTotpSecret} to an authenticator app (demo only).`,
      ]
    : ['  Demo mode is off (ISMAIL_DEMO=false): no demo accounts.']),
  '',
  '  Try: npx ismail health     npx ismail account list     npx ismail audit verify     npx ismail ledger check',
  '       npx ismail card export <ISMAIL ID> --format pdf --out carte.pdf     npx ismail card verify <file>',
  '  Press c to stop or start the cloud alone (or npx ismail cloud stop|start): the counter keeps',
  '  selling offline and syncs when the cloud is back. Ctrl-C (or q) stops everything.',
  '',
];
process.stdout.write(lines.join('\n'));

// Keys, when a person is at the terminal.
if (process.stdin.isTTY) {
  process.stdin.setRawMode(true);
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (key) => {
    if (key === 'c') {
      if (children.has('cloud')) stopCloud();
      else startCloud();
    } else if (key === 'q' || key === '\u0003') void stopAll(0);
  });
}
