// Proves a counter's invoice shows its tax certification once the cloud has it (issue 19.7),
// with real processes: the cloud (demo data, submitting to the FNE simulator run here) and
// the hub (its SQLite file). A cash sale at the counter is provisional; once pushed, the
// cloud certifies it at the simulated FNE, and the `hub_invoice_clearances` feed brings the
// status and the authority's reference back: the hub's invoice and its invoice list say
// `certified` with that reference within 30 s. The sale's ticket is queued by the sale request
// itself (issue 21.5) and, once certified, a reprint lays the invoice out again: the
// authority's reference and QR are on the copy, not only the cloud's verification link.
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { startFneSimulator } from '@ismail/firmware-sim';
import { startDemoCloud } from '../../tools/test-support/demo-cloud.js';
import { builtEntry, exited, freePort, startProcess, until, waitForHttp } from '../../tools/test-support/processes.js';
import { adminHeaders, pairHub } from '../../tools/test-support/hub-admin.js';
import { cloudDatabases } from '../../tools/test-support/test-databases.js';

interface Invoice {
  number: string;
  provisional: boolean;
  synced: boolean;
  clearanceStatus: string | null;
  authorityReference: string | null;
}

const fneApiKey = 'fne-hub-test-key-0123456789';

describe.each(cloudDatabases)(
  'a counter invoice certified at the cloud (real cloud and hub processes) on $name',
  (database) => {
    it(
      'shows the FNE certification and reference at the counter within 30 s of the sale reaching the cloud',
      { timeout: 180_000 },
      async () => {
        const root = mkdtempSync(path.join(tmpdir(), 'ismail-certified-'));
        const fne = await startFneSimulator({ port: 0, apiKey: fneApiKey });
        const hubPort = await freePort();
        const hubUrl = `http://127.0.0.1:${String(hubPort)}`;
        const demo = await startDemoCloud(root, database, { FNE_API_URL: fne.baseUrl, FNE_API_KEY: fneApiKey });
        const cloud = demo.process;
        let hub: ChildProcess | undefined;
        try {
          const registered = await demo.registerHub('Caisse Plateau');
          hub = startProcess(builtEntry('hub'), {
            HUB_RESPONSE_CHECK: 'throw',
            HUB_PORT: String(hubPort),
            ISMAIL_DATA_DIR: path.join(root, 'hub'),
            CLOUD_URL: demo.url,
            LOG_LEVEL: 'silent',
          });
          await waitForHttp(`${hubUrl}/health`, 15_000);
          const admin = adminHeaders(path.join(root, 'hub'));
          expect(await pairHub(hubUrl, admin, registered)).toBe(200);
          const status = async () =>
            (await (await fetch(`${hubUrl}/api/v1/sync/status`)).json()) as {
              outboxDepth: number;
              catalog: { products: number };
              policy: { valid: boolean };
            };
          await until(status, (s) => s.catalog.products >= 6 && s.policy.valid, 30_000);

          const signedIn = await fetch(`${hubUrl}/api/v1/staff/sign-in`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ email: 'caisse@demo.ismail.ci', password: 'demo-ismail-2026' }),
          });
          expect(signedIn.status).toBe(200);
          const cashier = {
            authorization: `Bearer ${((await signedIn.json()) as { token: string }).token}`,
            'content-type': 'application/json',
          };
          const post = (url: string, body: unknown) =>
            fetch(`${hubUrl}${url}`, { method: 'POST', headers: cashier, body: JSON.stringify(body) });
          expect((await post('/api/v1/cash-sessions', { floatXof: 10_000 })).status).toBe(201);
          // A printer nobody answers on: its jobs stay queued, their blocks readable in the hub's file.
          const printerId = randomUUID();
          expect(
            (
              await fetch(`${hubUrl}/api/v1/printers`, {
                method: 'POST',
                headers: admin,
                body: JSON.stringify({
                  id: printerId,
                  name: 'Ticket',
                  transport: 'tcp',
                  host: '127.0.0.1',
                  port: await freePort(),
                  widthMm: 80,
                }),
              })
            ).status,
          ).toBe(201);
          const wax = (
            (await (await fetch(`${hubUrl}/api/v1/catalog/products?barcode=6111234567895`)).json()) as {
              products: { id: string }[];
            }
          ).products[0];
          const sold = await post('/api/v1/sales', {
            saleId: `V-${randomUUID()}`,
            items: [{ productId: wax?.id, quantity: 1 }],
            payment: { method: 'cash' },
            print: { printerId },
          });
          expect(sold.status).toBe(201);
          const { invoice, printJob } = (await sold.json()) as {
            invoice: Invoice;
            printJob: { id: string; copy: number } | null;
          };
          expect(printJob).toMatchObject({ copy: 0 });
          // Numbered here; nothing from the tax authority yet.
          expect(invoice).toMatchObject({ provisional: true, clearanceStatus: null, authorityReference: null });

          const read = async (): Promise<Invoice> =>
            (await (
              await fetch(`${hubUrl}/api/v1/invoices/${encodeURIComponent(invoice.number)}`, { headers: cashier })
            ).json()) as Invoice;
          await until(status, (s) => s.outboxDepth === 0, 30_000);
          const pushedAt = Date.now();
          const certified = await until(read, (i) => i.clearanceStatus === 'certified', 30_000);
          expect(Date.now() - pushedAt).toBeLessThan(30_000);
          // The reference is the one the FNE gave for this invoice (its series: NCC, year, number).
          expect(fne.certified().map((c) => c.reference)).toContain(certified.authorityReference);
          expect(certified).toMatchObject({
            number: invoice.number,
            synced: true,
            provisional: false,
            clearanceStatus: 'certified',
            authorityReference: expect.stringMatching(/^\d{7}[A-Z]\d{11}$/) as string,
          });
          const list = (await (await fetch(`${hubUrl}/api/v1/invoices?limit=10`, { headers: cashier })).json()) as {
            invoices: Invoice[];
          };
          expect(list.invoices.find((i) => i.number === invoice.number)).toMatchObject({
            clearanceStatus: 'certified',
            authorityReference: certified.authorityReference,
          });

          // A reprint after certification: the document laid out again, with the FNE's reference and QR.
          const reprinted = await fetch(`${hubUrl}/api/v1/print-jobs/${printJob?.id ?? ''}/reprint`, {
            method: 'POST',
            headers: { authorization: admin.authorization },
          });
          expect(reprinted.status).toBe(201);
          const copy = (await reprinted.json()) as { id: string; copy: number };
          expect(copy.copy).toBe(1);
          const file = new Database(path.join(root, 'hub', 'hub', 'hub.sqlite'), { readonly: true });
          const blocksOf = (id: string) =>
            JSON.parse(
              file.prepare<[string], { blocks: string }>('SELECT blocks FROM print_jobs WHERE id = ?').get(id)
                ?.blocks ?? '[]',
            ) as { type: string; text?: string; data?: string }[];
          const qrData = file
            .prepare<[string], { qr_data: string | null }>('SELECT qr_data FROM invoice_clearances WHERE number = ?')
            .get(invoice.number)?.qr_data;
          const first = blocksOf(printJob?.id ?? '');
          const again = blocksOf(copy.id);
          file.close();
          expect(qrData).toEqual(expect.any(String));
          expect(first.some((b) => b.type === 'qr' && b.data === qrData)).toBe(false);
          expect(again.filter((b) => b.type === 'qr').map((b) => b.data)).toEqual([qrData]);
          expect(
            again.some((b) => b.type === 'text' && b.text?.includes(certified.authorityReference ?? '-') === true),
          ).toBe(true);

          // Known at the counter with the cloud gone.
          cloud.kill('SIGTERM');
          await exited(cloud);
          expect(await read()).toMatchObject({
            clearanceStatus: 'certified',
            authorityReference: certified.authorityReference,
          });
        } finally {
          hub?.kill('SIGKILL');
          cloud.kill('SIGKILL');
          await Promise.all([hub === undefined ? Promise.resolve() : exited(hub), exited(cloud)]);
          await fne.close();
        }
      },
    );
  },
);
