/**
 * A counter for money-boundary tests: a cloud with people, a paired hub of partner A, a
 * product, clients with ISMAIL IDs and real cards, and builders for the operations a hub
 * pushes (sales paid from a wallet with the card credential it verified, credit notes, cash
 * top-ups). `snapshot` and `expectNothingMoved` check an attack changed no wallet, stock,
 * invoice, debt file or ledger operation, and that the ledger check still passes.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import {
  creditNoteDraft,
  invoiceNumber,
  verifyHubPolicy,
  verifyRevocationList,
  type HubOperation,
  type InvoiceDraft,
  type JSONWebKeySet,
  type PushResponse,
} from '@ismail/shared';
import type { Database } from '../../src/platform/db/database.js';
import { migrate } from '../../src/platform/db/migrate.js';
import { withTransaction } from '../../src/platform/db/transaction.js';
import { buildCloudApp } from '../../src/app.js';
import { activateAccount } from '../../src/modules/identity/accounts.js';
import { walletBalance } from '../../src/modules/wallet/history.js';
import { checkLedger } from '../../src/modules/wallet/ledger-check.js';
import { seedDefaultRates } from '../../src/modules/wallet/rates.js';
import { testSecrets, type TestBackend } from './databases.js';
import { createPeople, type Person, type Signed } from './people.js';
import { pairTestHub, type TestHub } from './test-hub.js';

export interface Holder {
  readonly accountId: string;
  readonly ismailId: string;
  readonly cardId: string;
  /** The printed card's credential (compact JWS), as the hub scanned it. */
  readonly token: string;
}

export interface Snapshot {
  readonly wallets: Record<string, number>;
  readonly debtFiles: number;
  readonly invoices: number;
  readonly ledgerOperations: number;
  readonly stock: number;
}

export interface Counter {
  readonly db: Database;
  readonly app: FastifyInstance;
  readonly people: Record<Person, Signed>;
  /** The secrets the app was built with (a second app on the same database takes the same). */
  readonly secrets: ReturnType<typeof testSecrets>;
  readonly hub: TestHub;
  readonly productId: string;
  readonly register: string;
  /** The cloud's card keys now (created with the first card). */
  jwks(): Promise<JSONWebKeySet>;
  close(): Promise<void>;
  /** Gives the account an ISMAIL ID (if it has none) and issues it a card. */
  holder(person: Person): Promise<Holder>;
  /** The iat of the revocation list a hub would download now. */
  revocationListIat(): Promise<number>;
  /** The ceilings version of the policy the hub would download now (undefined before versions existed). */
  policyVersion(): Promise<number | undefined>;
  push(operations: HubOperation[]): Promise<PushResponse>;
  /** Next operation sequence number of this hub. */
  nextSeq(): number;
  /** Next invoice (or credit note) number of the hub's register. */
  nextNumber(kind: 'invoice' | 'credit_note'): number;
  sale(input: { saleId?: string; quantity: number; payment: Record<string, unknown>; sequence?: number }): HubOperation;
  /** A wallet payment as the hub sends it for `quantity` garbas (1,000 FCFA each, 20 credits at 50 FCFA). */
  walletPayment(
    holder: Holder,
    quantity: number,
    overrides?: Record<string, unknown>,
  ): Promise<Record<string, unknown>>;
  creditNote(input: {
    sale: HubOperation;
    lines: { index: number; quantityMilli: number }[];
    refund: Record<string, unknown>;
    sequence?: number;
  }): HubOperation;
  topUp(payload: Record<string, unknown>): HubOperation;
  snapshot(accounts: readonly string[]): Promise<Snapshot>;
  expectNothingMoved(before: Snapshot): Promise<void>;
}

const seller = {
  legalName: 'Maquis Chez Tantie',
  taxId: '1234567A',
  taxRegime: 'RNI',
  address: 'Cocody, Abidjan',
  country: 'CI',
};
export const garbaXof = 1_000;
/** One garba in centi-credits at 50 FCFA a credit. */
export const garbaCentiCredits = 2_000;

export async function openCounter(backend: TestBackend, hubName = 'Caisse 1'): Promise<Counter> {
  const db = await backend.open();
  await migrate(db.pool);
  await seedDefaultRates(db.pool);
  const secrets = testSecrets();
  const app = await buildCloudApp({ schemaCompilation: 'on-first-use', db, logLevel: 'error', ...secrets });
  const people = await createPeople(db, app, secrets.masterKey);
  // The partner's identity is the seller its hub's invoices name (the cloud refuses any other, issue 20.5).
  await db.pool.query(
    "UPDATE accounts SET tax_id = '1234567A', tax_regime = 'RNI', display_name = 'Maquis Chez Tantie' WHERE id = $1",
    [people.partnerA.id],
  );
  const productId = (
    await app.shop.createProduct(people.partnerA.id, {
      name: 'Garba',
      category: 'plats',
      kind: 'physical',
      priceXof: garbaXof,
      taxGroup: 'CI-TVA-9',
    })
  ).id;
  const hub = await pairTestHub(app, people.admin, people.partnerA.id, hubName);
  const register =
    (await db.pool.query<{ register: string }>('SELECT register FROM hubs WHERE id = $1', [hub.id])).rows[0]
      ?.register ?? '';
  const jwks = async (): Promise<JSONWebKeySet> =>
    (await app.inject({ method: 'GET', url: '/.well-known/jwks.json' })).json<JSONWebKeySet>();
  let seq = 0;
  const numbers = { invoice: 0, credit_note: 0 };

  const document = (kind: 'invoice', quantity: number, method: string): InvoiceDraft => ({
    kind,
    currency: 'XOF',
    priceMode: 'tax_included',
    seller,
    buyer: { kind: 'B2C' },
    lines: [
      {
        sku: productId,
        label: 'Garba',
        quantityMilli: quantity * 1000,
        unitPriceXof: garbaXof,
        taxGroup: 'CI-TVA-9',
        discountXof: 0,
      },
    ],
    payments: [{ method: method === 'wallet' ? 'wallet' : 'cash', amountXof: quantity * garbaXof }],
  });

  const counter: Counter = {
    db,
    app,
    people,
    secrets,
    hub,
    productId,
    register,
    jwks,
    async close() {
      await app.close();
      await db.close();
    },
    async holder(person) {
      const accountId = people[person].id;
      const known =
        (await db.pool.query<{ ismail_id: string | null }>('SELECT ismail_id FROM accounts WHERE id = $1', [accountId]))
          .rows[0]?.ismail_id ?? null;
      const ismailId =
        known ??
        (await withTransaction(db.pool, (client) =>
          activateAccount(client, accountId, { label: 'test', place: 'test' }),
        ));
      const card = await withTransaction(db.pool, (client) =>
        app.cards.issue(client, accountId, { label: 'test', place: 'test' }),
      );
      return { accountId, ismailId, cardId: card.cardId, token: card.token };
    },
    async revocationListIat() {
      const { list } = (await app.inject({ method: 'GET', url: '/v1/cards/revocations' })).json<{ list: string }>();
      return (await verifyRevocationList(list, await jwks())).iat;
    },
    async policyVersion() {
      const response = await hub.inject(app, { method: 'GET', url: '/v1/hubs/policy' });
      const policy = await verifyHubPolicy(response.json<{ policy: string }>().policy, await jwks(), hub.id);
      return (policy.offline as { version?: number }).version;
    },
    async push(operations) {
      const response = await hub.inject(app, {
        method: 'POST',
        url: '/v1/hubs/sync/push',
        payload: { operations },
        headers: { 'x-hub-time': new Date().toISOString() },
      });
      expect(response.statusCode, response.body).toBe(200);
      const answer = response.json<PushResponse>();
      // A refused document leaves its number free: the register's next one is taken again.
      for (const op of operations) {
        const outcome = answer.outcomes.find((o) => o.id === op.id);
        const kind = op.type === 'shop.sale' ? 'invoice' : op.type === 'shop.sale_credit' ? 'credit_note' : null;
        const issued = op.payload as { invoice?: { sequence: number }; creditNote?: { sequence: number } };
        const sequence = issued.invoice?.sequence ?? issued.creditNote?.sequence ?? 0;
        if (kind !== null && outcome?.status === 'applied') numbers[kind] = Math.max(numbers[kind], sequence);
      }
      return answer;
    },
    nextSeq: () => ++seq,
    nextNumber: (kind) => numbers[kind] + 1,
    sale({ saleId = `T-${randomUUID().slice(0, 8)}`, quantity, payment, sequence }) {
      const issuedAt = new Date().toISOString();
      const n = sequence ?? counter.nextNumber('invoice');
      return {
        id: randomUUID(),
        seq: counter.nextSeq(),
        type: 'shop.sale',
        at: issuedAt,
        payload: {
          saleId,
          items: [{ productId, quantity }],
          invoice: {
            sequence: n,
            number: invoiceNumber('invoice', register, new Date(issuedAt).getUTCFullYear(), n),
            issuedAt,
            document: document('invoice', quantity, String(payment.method)),
          },
          payment,
        },
      };
    },
    async walletPayment(holder, quantity, overrides = {}) {
      const version = await counter.policyVersion();
      return {
        method: 'wallet',
        ismailId: holder.ismailId,
        cardId: holder.cardId,
        credential: holder.token,
        amountCentiCredits: quantity * garbaCentiCredits,
        authorisation: 'offline',
        availableCentiCredits: 0,
        revocationListIat: await counter.revocationListIat(),
        ...(version === undefined ? {} : { policyVersion: version }),
        ...overrides,
      };
    },
    creditNote({ sale, lines, refund, sequence }) {
      const payload = sale.payload as { saleId: string; invoice: { number: string; document: InvoiceDraft } };
      const issuedAt = new Date().toISOString();
      const n = sequence ?? counter.nextNumber('credit_note');
      const draft = creditNoteDraft(
        { invoiceId: randomUUID(), number: payload.invoice.number, draft: payload.invoice.document },
        lines,
      );
      return {
        id: randomUUID(),
        seq: counter.nextSeq(),
        type: 'shop.sale_credit',
        at: issuedAt,
        payload: {
          saleId: payload.saleId,
          creditNote: {
            sequence: n,
            number: invoiceNumber('credit_note', register, new Date(issuedAt).getUTCFullYear(), n),
            issuedAt,
            document: draft,
          },
          restock: lines.map((l) => ({ index: l.index, quantity: Math.floor(l.quantityMilli / 1000) })),
          refund,
        },
      };
    },
    topUp(payload) {
      return {
        id: randomUUID(),
        seq: counter.nextSeq(),
        type: 'wallet.cash_top_up',
        at: new Date().toISOString(),
        payload,
      };
    },
    async snapshot(accounts) {
      const wallets: Record<string, number> = {};
      for (const id of accounts) wallets[id] = (await walletBalance(db, id)).availableCentiCredits;
      const drawer = await db.pool.query<{ balance: string | null }>(
        "SELECT credits_posted - debits_posted AS balance FROM ledger_accounts WHERE code = 'cash_drawer:' || $1",
        [hub.id],
      );
      wallets[`drawer:${hub.id}`] = Number(drawer.rows[0]?.balance ?? 0);
      const count = async (sql: string): Promise<number> =>
        Number((await db.pool.query<{ n: string }>(sql)).rows[0]?.n ?? 0);
      return {
        wallets,
        debtFiles: await count('SELECT count(*) AS n FROM debt_files'),
        invoices: await count('SELECT count(*) AS n FROM invoices'),
        ledgerOperations: await count('SELECT count(*) AS n FROM ledger_operations'),
        stock: await app.shop.stock(productId, `hub:${hub.id}`),
      };
    },
    async expectNothingMoved(before) {
      expect(await counter.snapshot(Object.keys(before.wallets).filter((k) => !k.startsWith('drawer:')))).toEqual(
        before,
      );
      const report = await checkLedger(db);
      expect(report.ok, JSON.stringify(report)).toBe(true);
    },
  };
  return counter;
}
