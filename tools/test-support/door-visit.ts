/**
 * The last step of seed figure 5 with real programs (issue 25, seed 4.7): the agency's hub, paired with the demo
 * cloud, replicates its confirmed visits; a door lock tied to the visited property (enrolled with the hub's CA,
 * Debian's mosquitto_sub listening on its command branch) receives `unlock` for the confirmed visitor inside the
 * visit's window, and nothing for another person or at the lock of another property. The same decisions as
 * hub/test/iot-visit-door.test.ts, for the browser test of figure 5 (renderer/test/portal-real-estate.e2e.test.ts),
 * after a visit asked for and confirmed in the browser.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'vitest';
import type { DemoCloud } from './demo-cloud.js';
import { builtEntry, exited, freePort, startProcess, until, waitForHttp } from './processes.js';
import { adminHeaders, pairHub } from './hub-admin.js';
import { enrolDevice } from './hub-devices.js';

interface DoorAnswer {
  readonly status: number;
  readonly body: { unlocked: boolean; reason?: string; visitId?: string };
}

export interface DoorOutcome {
  readonly visitor: DoorAnswer;
  readonly otherPerson: DoorAnswer;
  readonly visitorAtOtherDoor: DoorAnswer;
  /** The `unlock` commands the lock received (its topic lines). */
  readonly unlocksHeard: readonly string[];
}

export async function tryTheDoor(input: {
  readonly demo: DemoCloud;
  readonly root: string;
  readonly propertyId: string;
  readonly otherPropertyId: string;
  readonly visitId: string;
  readonly visitorIsmailId: string;
  readonly otherIsmailId: string;
}): Promise<DoorOutcome> {
  const { demo, root } = input;
  const hubPort = await freePort();
  const mqttPort = await freePort();
  const hubUrl = `http://127.0.0.1:${String(hubPort)}`;
  const hubDir = path.join(root, 'hub');
  const hub: ChildProcess = startProcess(builtEntry('hub'), {
    HUB_RESPONSE_CHECK: 'throw',
    HUB_PORT: String(hubPort),
    ISMAIL_DATA_DIR: hubDir,
    CLOUD_URL: demo.url,
    LOG_LEVEL: 'silent',
    HUB_MQTT_HOST: '127.0.0.1',
    HUB_MQTT_PORT: String(mqttPort),
    HUB_CARD_TRUST_PULL_S: '2',
  });
  let lock: ChildProcess | undefined;
  try {
    await waitForHttp(`${hubUrl}/health`, 60_000);
    const admin = adminHeaders(hubDir);
    const registered = await demo.registerHub('Agence Cocody');
    expect(await pairHub(hubUrl, admin, registered)).toBe(200);
    // The confirmed visit reaches the hub through the `real_estate_visits` shape.
    const replica = new Database(path.join(hubDir, 'hub', 'hub.sqlite'), { readonly: true });
    try {
      await until(
        async () =>
          replica
            .prepare<[string], { status: string }>('SELECT status FROM real_estate_visits WHERE id = ?')
            .get(input.visitId)?.status,
        (status) => status === 'confirmed',
        60_000,
      );
    } finally {
      replica.close();
    }
    const enrol = (name: string, propertyId: string) =>
      enrolDevice({ hubUrl, admin, dir: root, mqttPort, type: 'door_lock', name, propertyId });
    const door = await enrol('Porte de l’appartement visité', input.propertyId);
    const otherDoor = await enrol('Porte du voisin', input.otherPropertyId);
    let heard = '';
    lock = spawn(
      'mosquitto_sub',
      [...door.mosquittoArgs, '-t', `ismail/${registered.hub.id}/${door.id}/cmd/#`, '-q', '1', '-v'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    lock.stdout?.on('data', (d: Buffer) => (heard += d.toString()));
    const hubPost = (route: string, body: unknown) =>
      fetch(`${hubUrl}${route}`, { method: 'POST', headers: admin, body: JSON.stringify(body) });
    // The lock is listening once it hears a ping.
    await until(
      async () => {
        await hubPost(`/api/v1/devices/${door.id}/commands`, { name: 'ping' });
        return heard;
      },
      (text) => text.includes('/cmd/ping'),
      15_000,
      300,
    );
    const cardOf = async (ismailId: string): Promise<string> => {
      const card = await fetch(`${demo.url}/v1/operator/cards/by-ismail-id/${ismailId}`, { headers: demo.operator });
      expect(card.status, `the card of ${ismailId}`).toBe(200);
      return ((await card.json()) as { token: string }).token;
    };
    const unlock = async (lockId: string, token: string, requestId: string): Promise<DoorAnswer> => {
      const response = await hubPost(`/api/v1/doors/${lockId}/unlock`, { token, requestId });
      return { status: response.status, body: (await response.json()) as DoorAnswer['body'] };
    };
    const visitorCard = await cardOf(input.visitorIsmailId);
    const otherPerson = await unlock(door.id, await cardOf(input.otherIsmailId), 'figure5-other-person');
    const visitorAtOtherDoor = await unlock(otherDoor.id, visitorCard, 'figure5-other-door');
    const visitor = await unlock(door.id, visitorCard, 'figure5-visitor');
    if (visitor.body.unlocked)
      await until(
        async () => heard,
        (text) => text.includes('/cmd/unlock'),
        10_000,
      );
    // Anything sent by mistake for the refusals would have arrived by now.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    return {
      visitor,
      otherPerson,
      visitorAtOtherDoor,
      unlocksHeard: heard.split('\n').filter((line) => line.includes('/cmd/unlock')),
    };
  } finally {
    lock?.kill('SIGKILL');
    hub.kill('SIGKILL');
    await exited(hub);
  }
}
