// Seed 4.7 with real programs (issue 25): an agency's door lock tied to a property (enrolled with the hub's CA,
// listening with Debian's mosquitto_sub on its command branch) receives `unlock` only for the confirmed visitor of
// that property inside the visit's window (from 15 minutes before it starts until it ends). The same visitor whose
// only confirmed visit is later, another person, and the visitor at the lock of another property are refused; the
// same request sent twice opens once; every decision is audited. Time is moved by choosing the visits' windows (one
// starting in 10 minutes, one in 3 hours), not by waiting.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { startDemoCloud } from '../../tools/test-support/demo-cloud.js';
import { builtEntry, exited, freePort, startProcess, until, waitForHttp } from '../../tools/test-support/processes.js';
import { cloudDatabases } from '../../tools/test-support/test-databases.js';
import { adminHeaders, pairHub } from '../../tools/test-support/hub-admin.js';
import { enrolDevice } from '../../tools/test-support/hub-devices.js';

const minuteMs = 60_000;

describe.each(cloudDatabases)(
  'property door locks for visits (real cloud, hub and mosquitto client as the lock) on $name',
  (database) => {
    it(
      'unlocks only for the confirmed visitor of that property in the window, once per request, and audits refusals',
      { timeout: 240_000 },
      async () => {
        const root = mkdtempSync(path.join(tmpdir(), 'ismail-visit-door-'));
        const demo = await startDemoCloud(root, database);
        const hubPort = await freePort();
        const mqttPort = await freePort();
        const hubUrl = `http://127.0.0.1:${String(hubPort)}`;
        const hub: ChildProcess = startProcess(builtEntry('hub'), {
          HUB_RESPONSE_CHECK: 'throw',
          HUB_PORT: String(hubPort),
          ISMAIL_DATA_DIR: path.join(root, 'hub'),
          CLOUD_URL: demo.url,
          LOG_LEVEL: 'silent',
          HUB_MQTT_HOST: '127.0.0.1',
          HUB_MQTT_PORT: String(mqttPort),
          HUB_CARD_TRUST_PULL_S: '2',
        });
        let lock: ChildProcess | undefined;
        try {
          // A loaded machine (CI, six suites at once) has been seen to take over 15 s to start the hub.
          await waitForHttp(`${hubUrl}/health`, 60_000);
          const admin = adminHeaders(path.join(root, 'hub'));
          const hubPost = (route: string, body: unknown) =>
            fetch(`${hubUrl}${route}`, { method: 'POST', headers: admin, body: JSON.stringify(body) });
          // The demo partner is the agency: its hub replicates the visits of its listings.
          const registered = await demo.registerHub('Agence Cocody');
          expect(await pairHub(hubUrl, admin, registered)).toBe(200);

          const signIn = async (email: string) => {
            const response = await fetch(`${demo.url}/v1/auth/sign-in`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ email, password: 'demo-ismail-2026' }),
            });
            const { accessToken } = (await response.json()) as { accessToken: string };
            return { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' };
          };
          const agency = await signIn('partenaire@demo.ismail.ci');
          const visitor = await signIn('client@demo.ismail.ci');
          const cloudPost = async (who: Record<string, string>, route: string, body: unknown, key?: string) => {
            const response = await fetch(`${demo.url}${route}`, {
              method: 'POST',
              headers: { ...who, ...(key === undefined ? {} : { 'idempotency-key': key }) },
              body: JSON.stringify(body),
            });
            const text = await response.text();
            expect(response.status, `${route}: ${text}`).toBeLessThan(300);
            return JSON.parse(text) as Record<string, unknown>;
          };

          // Two flats of the agency, published.
          const publish = async (title: string, priceXof: number) => {
            const draft = await cloudPost(agency, '/v1/real-estate/listings', {
              kind: 'apartment',
              deal: 'rent',
              title,
              description: 'Appartement lumineux, visite sur rendez-vous.',
              commune: 'Cocody',
              areaM2: 80,
              rooms: 3,
              priceXof,
              contactPhone: '+2250701020304',
              planCode: 'month',
            });
            const published = await cloudPost(
              agency,
              `/v1/real-estate/listings/${String(draft.id)}/submit`,
              {},
              `door-submit-${String(draft.id)}`,
            );
            expect(published.status).toBe('published');
            return { listingId: String(published.id), propertyId: String(published.propertyId) };
          };
          const flat = await publish('Appartement 3 pièces Riviera', 250_000);
          const neighbour = await publish('Appartement 3 pièces Angré', 270_000);

          // Two slots on the first flat: one starting in 10 minutes (its window is open now), one in 3 hours.
          const at = (ms: number) => new Date(Date.now() + ms).toISOString();
          const slots = (
            (await cloudPost(agency, `/v1/real-estate/listings/${flat.listingId}/slots`, {
              slots: [
                { startsAt: at(180 * minuteMs), endsAt: at(240 * minuteMs) },
                { startsAt: at(10 * minuteMs), endsAt: at(70 * minuteMs) },
              ],
            })) as { slots: { id: string; startsAt: string }[] }
          ).slots.sort((a, b) => b.startsAt.localeCompare(a.startsAt));
          const replica = new Database(path.join(root, 'hub', 'hub', 'hub.sqlite'), { readonly: true });
          const confirmVisit = async (slotId: string, key: string): Promise<string> => {
            const visit = await cloudPost(visitor, '/v1/real-estate/visits', { slotId }, key);
            await cloudPost(agency, `/v1/real-estate/visits/${String(visit.id)}/confirm`, {});
            // Replicated to the hub through the `real_estate_visits` shape.
            await until(
              async () =>
                replica
                  .prepare<[string], { status: string }>('SELECT status FROM real_estate_visits WHERE id = ?')
                  .get(String(visit.id))?.status,
              (status) => status === 'confirmed',
              30_000,
            );
            return String(visit.id);
          };
          const laterVisit = await confirmVisit(slots[0]?.id ?? '', 'door-visit-later');

          // Two locks, one per flat, enrolled with their own keys.
          const door = await enrolDevice({
            hubUrl,
            admin,
            dir: root,
            mqttPort,
            type: 'door_lock',
            name: 'Porte Riviera',
            propertyId: flat.propertyId,
          });
          const otherDoor = await enrolDevice({
            hubUrl,
            admin,
            dir: root,
            mqttPort,
            type: 'door_lock',
            name: 'Porte Angré',
            propertyId: neighbour.propertyId,
          });
          let heard = '';
          lock = spawn(
            'mosquitto_sub',
            [...door.mosquittoArgs, '-t', `ismail/${registered.hub.id}/${door.id}/cmd/#`, '-q', '1', '-v'],
            { stdio: ['ignore', 'pipe', 'pipe'] },
          );
          lock.stdout?.on('data', (d: Buffer) => (heard += d.toString()));
          await until(
            async () => {
              await hubPost(`/api/v1/devices/${door.id}/commands`, { name: 'ping' });
              return heard;
            },
            (text) => text.includes('/cmd/ping'),
            15_000,
            300,
          );

          const accounts = (await (
            await fetch(`${demo.url}/v1/operator/accounts?limit=100`, { headers: demo.operator })
          ).json()) as { accounts: { email: string; ismailId: string }[] };
          const cardOf = async (email: string) =>
            (
              (await (
                await fetch(
                  `${demo.url}/v1/operator/cards/by-ismail-id/${accounts.accounts.find((a) => a.email === email)?.ismailId ?? ''}`,
                  { headers: demo.operator },
                )
              ).json()) as { token: string }
            ).token;
          const visitorCard = await cardOf('client@demo.ismail.ci');
          const otherCard = await cardOf('commercial@demo.ismail.ci');
          const unlock = async (lockId: string, token: string, requestId: string) => {
            const response = await hubPost(`/api/v1/doors/${lockId}/unlock`, { token, requestId });
            return {
              status: response.status,
              body: (await response.json()) as { unlocked: boolean; reason?: string; visitId?: string },
            };
          };

          // Refused: the visitor, whose only confirmed visit is in 3 hours; another person.
          expect(await unlock(door.id, visitorCard, 'v-too-early')).toMatchObject({
            status: 403,
            body: { unlocked: false, reason: expect.stringContaining('outside the visit window') as unknown },
          });
          expect(await unlock(door.id, otherCard, 'v-other-person')).toMatchObject({
            status: 403,
            body: { unlocked: false, reason: 'no confirmed visit of this property for this visitor' },
          });

          // The visit starting in 10 minutes is confirmed: the window is open now.
          const nowVisit = await confirmVisit(slots[1]?.id ?? '', 'door-visit-now');
          expect(nowVisit).not.toBe(laterVisit);
          expect(await unlock(otherDoor.id, visitorCard, 'v-other-flat')).toMatchObject({
            status: 403,
            body: { unlocked: false, reason: 'no confirmed visit of this property for this visitor' },
          });
          expect(await unlock(door.id, visitorCard, 'v-visitor-1')).toMatchObject({
            status: 200,
            body: { unlocked: true, visitId: nowVisit },
          });
          expect(await unlock(door.id, visitorCard, 'v-visitor-1')).toMatchObject({
            status: 200,
            body: { unlocked: true, visitId: nowVisit },
          });
          await until(
            async () => heard,
            (text) => text.includes('/cmd/unlock'),
            10_000,
          );
          await new Promise((resolve) => setTimeout(resolve, 1_500));
          expect(heard.split('\n').filter((line) => line.includes('/cmd/unlock'))).toHaveLength(1);
          expect(heard).toContain(nowVisit);
          replica.close();

          const trail = (
            (await (await fetch(`${hubUrl}/api/v1/audit?limit=100`, { headers: admin })).json()) as {
              entries: { action: string; detail: { requestId?: string; visitId?: string } }[];
            }
          ).entries;
          expect(trail.filter((e) => e.action === 'door.unlocked').map((e) => e.detail)).toMatchObject([
            { requestId: 'v-visitor-1', visitId: nowVisit },
          ]);
          expect(
            trail
              .filter((e) => e.action === 'door.unlock_refused')
              .map((e) => e.detail.requestId)
              .sort(),
          ).toEqual(['v-other-flat', 'v-other-person', 'v-too-early']);
        } finally {
          lock?.kill('SIGKILL');
          hub.kill('SIGKILL');
          demo.process.kill('SIGKILL');
          await Promise.all([exited(hub), exited(demo.process)]);
        }
      },
    );
  },
);
