// Proves card checks at the hub with real processes (SPEC 3.3, 3.8): the hub downloads the
// cloud's card keys and signed revocation list; a genuine card verifies at the counter; once
// the card is revoked in the cloud, the hub refuses it after its next pull; with the cloud
// stopped, the hub still refuses it and shows the revocation list's age; a tampered card is
// refused offline too.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { startDemoCloud } from '../../tools/test-support/demo-cloud.js';
import { builtEntry, exited, freePort, startProcess, until, waitForHttp } from '../../tools/test-support/processes.js';
import { adminHeaders } from '../../tools/test-support/hub-admin.js';
import { cloudDatabases } from '../../tools/test-support/test-databases.js';

interface Status {
  cards: {
    revocationListIssuedAt: string | null;
    revocationListAgeS: number | null;
    stale: boolean;
    lastError: string | null;
  };
}

describe.each(cloudDatabases)('card checks at the hub (real cloud and hub processes) on $name', (database) => {
  it(
    'refuses a card revoked in the cloud after the next pull, and keeps refusing it offline with the list age shown',
    { timeout: 120_000 },
    async () => {
      const root = mkdtempSync(path.join(tmpdir(), 'ismail-cards-'));
      const hubPort = await freePort();
      const hubUrl = `http://127.0.0.1:${String(hubPort)}`;
      const demo = await startDemoCloud(root, database);
      const { url: cloudUrl, operator } = demo;
      const cloud = demo.process;
      let hub: ChildProcess | undefined;
      try {
        hub = startProcess(builtEntry('hub'), {
          HUB_RESPONSE_CHECK: 'throw',
          HUB_PORT: String(hubPort),
          ISMAIL_DATA_DIR: path.join(root, 'hub'),
          CLOUD_URL: cloudUrl,
          HUB_CARD_TRUST_PULL_S: '1',
          LOG_LEVEL: 'silent',
        });
        await waitForHttp(`${hubUrl}/health`, 15_000);
        const status = async (): Promise<Status> =>
          (await (await fetch(`${hubUrl}/api/v1/sync/status`)).json()) as Status;
        const first = await until(status, (s) => s.cards.revocationListIssuedAt !== null);
        expect(first.cards).toMatchObject({ stale: false, lastError: null });

        const accounts = (await (
          await fetch(`${cloudUrl}/v1/operator/accounts?limit=100`, { headers: operator })
        ).json()) as { accounts: { email: string; ismailId: string }[] };
        const ismailId = accounts.accounts.find((a) => a.email === 'client@demo.ismail.ci')?.ismailId ?? '';
        const card = (await (
          await fetch(`${cloudUrl}/v1/operator/cards/by-ismail-id/${ismailId}`, { headers: operator })
        ).json()) as { cardId: string; token: string };
        const admin = adminHeaders(path.join(root, 'hub'));
        const verify = async (token: string) =>
          (await (
            await fetch(`${hubUrl}/api/v1/cards/verify`, {
              method: 'POST',
              headers: admin,
              body: JSON.stringify({ token }),
            })
          ).json()) as {
            ok: boolean;
            reason?: string;
            ismailId?: string;
            revocationListAgeS: number | null;
            stale: boolean;
          };

        expect(await verify(card.token)).toMatchObject({ ok: true, ismailId });

        const revoked = await fetch(`${cloudUrl}/v1/operator/cards/${card.cardId}/revoke`, {
          method: 'POST',
          headers: operator,
          body: JSON.stringify({ reason: 'carte déclarée volée' }),
        });
        expect(revoked.status).toBe(200);
        // The list is signed with a one-second clock: wait for one issued after the revocation.
        await until(
          async () => (await verify(card.token)).ok,
          (ok) => !ok,
        );
        expect(await verify(card.token)).toMatchObject({ ok: false, reason: 'REVOKED' });

        cloud.kill('SIGTERM');
        await exited(cloud);
        await new Promise((resolve) => setTimeout(resolve, 1_500));
        const offline = await verify(card.token);
        expect(offline).toMatchObject({ ok: false, reason: 'REVOKED', stale: false });
        expect(offline.revocationListAgeS).toBeGreaterThanOrEqual(1);
        const offlineStatus = await status();
        expect(offlineStatus.cards.lastError).not.toBeNull(); // the pull fails, the list stays
        const [header, payload, signature] = card.token.split('.');
        const tampered = `${header ?? ''}.${payload ?? ''}.${(signature ?? '').slice(0, -4)}AAAA`;
        expect((await verify(tampered)).ok).toBe(false);
      } finally {
        hub?.kill('SIGKILL');
        cloud.kill('SIGKILL');
        await Promise.all([hub === undefined ? Promise.resolve() : exited(hub), exited(cloud)]);
      }
    },
  );
});
