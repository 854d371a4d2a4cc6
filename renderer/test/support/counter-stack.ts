/**
 * The machines behind the counter app's end-to-end suites: the simulators (printer and providers),
 * a hub paired with the demo cloud with its ticket printer added and synced, the demo cards, and
 * Debian's Chromium; each suite then drives the counter in the browser its own way.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChildProcess } from 'node:child_process';
import { chromium, type Browser } from 'playwright-core';
import { expect } from 'vitest';
import type { DemoCloud } from '../../../tools/test-support/demo-cloud.js';
import { builtEntry, freePort, startProcess, until } from '../../../tools/test-support/processes.js';

export const chromiumPath = process.env.ISMAIL_CHROMIUM ?? '/usr/bin/chromium';
export const screenshots = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '.test-output',
  'screenshots',
);

/** The provider simulators' port variables, each given a free port so nothing clashes. */
const providerPortNames = [
  'SIM_WAVE_PORT',
  'SIM_MOMO_PORT',
  'SIM_AT_PORT',
  'SIM_ORANGE_SMS_PORT',
  'SIM_SMTP_PORT',
  'SIM_MAIL_VIEWER_PORT',
  'SIM_FNE_PORT',
  'SIM_EMECEF_PORT',
];

/** Starts the simulators with `printerEnv` (PRINTER_SIM_PORT, and the fault control port when wanted). */
export async function startSimulators(root: string, printerEnv: Record<string, string>): Promise<ChildProcess> {
  const ports = await Promise.all(providerPortNames.map(() => freePort()));
  return startProcess(builtEntry('firmware-sim'), {
    ...printerEnv,
    ISMAIL_DATA_DIR: path.join(root, 'sim'),
    LOG_LEVEL: 'silent',
    ...Object.fromEntries(providerPortNames.map((name, i) => [name, String(ports[i])])),
  });
}

/** Starts a hub syncing with the cloud at `cloudUrl`, its files under `root/hub`. */
export async function startHub(
  root: string,
  cloudUrl: string,
  extraEnv: Record<string, string> = {},
): Promise<{ hub: ChildProcess; hubUrl: string }> {
  const hubPort = await freePort();
  const hub = startProcess(builtEntry('hub'), {
    HUB_PORT: String(hubPort),
    ISMAIL_DATA_DIR: path.join(root, 'hub'),
    CLOUD_URL: cloudUrl,
    LOG_LEVEL: 'silent',
    ...extraEnv,
  });
  return { hub, hubUrl: `http://127.0.0.1:${String(hubPort)}` };
}

/**
 * What the machine's administrator does (not the counter app's job): pairs the hub with the
 * cloud's registration and adds the simulated printer as an 80 mm TCP printer. Answers the
 * administrator's request headers.
 */
export async function pairWithPrinter(
  root: string,
  hubUrl: string,
  registered: { hub: { id: string }; pairingCode: string },
  printer: { name: string; port: number },
): Promise<Record<string, string>> {
  const admin = {
    authorization: `Bearer ${readFileSync(path.join(root, 'hub', 'hub', 'admin-token'), 'utf8').trim()}`,
    'content-type': 'application/json',
  };
  const post = (route: string, body: unknown) =>
    fetch(`${hubUrl}${route}`, { method: 'POST', headers: admin, body: JSON.stringify(body) });
  expect(
    (await post('/api/v1/pairing', { hubId: registered.hub.id, pairingCode: registered.pairingCode })).status,
  ).toBe(200);
  const added = await post('/api/v1/printers', {
    id: randomUUID(),
    name: printer.name,
    transport: 'tcp',
    host: '127.0.0.1',
    port: printer.port,
    widthMm: 80,
  });
  expect(added.status).toBe(201);
  return admin;
}

/** Revokes the card in the cloud (as the operator) and waits until the hub refuses it. */
export async function revokeCard(
  demo: DemoCloud,
  hub: { url: string; admin: Record<string, string> },
  card: { cardId: string; token: string },
): Promise<void> {
  const revoked = await fetch(`${demo.url}/v1/operator/cards/${card.cardId}/revoke`, {
    method: 'POST',
    headers: demo.operator,
    body: JSON.stringify({ reason: 'carte perdue' }),
  });
  expect(revoked.status).toBe(200);
  const verify = async () =>
    (await (
      await fetch(`${hub.url}/api/v1/cards/verify`, {
        method: 'POST',
        headers: hub.admin,
        body: JSON.stringify({ token: card.token }),
      })
    ).json()) as { ok: boolean };
  await until(verify, (answer) => !answer.ok, 20_000);
}

/** Waits (30 s at most) for the hub's catalog and policy, and its card revocation list when `cards`. */
export async function untilSynced(hubUrl: string, cards: boolean): Promise<void> {
  await until(
    async () =>
      (await (await fetch(`${hubUrl}/api/v1/sync/status`)).json()) as {
        catalog: { products: number };
        policy: { valid: boolean };
        cards: { revocationListIssuedAt: string | null };
      },
    (s) => s.catalog.products >= 6 && s.policy.valid && (!cards || s.cards.revocationListIssuedAt !== null),
    30_000,
  );
}

/** The demo accounts' cards as the operator reads them, by email. */
export async function demoCards(
  demo: DemoCloud,
): Promise<(email: string) => Promise<{ cardId: string; token: string }>> {
  const { accounts } = (await (
    await fetch(`${demo.url}/v1/operator/accounts?limit=100`, { headers: demo.operator })
  ).json()) as { accounts: { email: string; ismailId: string }[] };
  return async (email) =>
    (await (
      await fetch(
        `${demo.url}/v1/operator/cards/by-ismail-id/${accounts.find((a) => a.email === email)?.ismailId ?? ''}`,
        { headers: demo.operator },
      )
    ).json()) as { cardId: string; token: string };
}

/** Debian's Chromium, headless. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}
