// The hub's counter API as a till meets it (a cashier's bearer token): a retried request with
// the same client-chosen id gets the first answer, the same id with another body is refused,
// a document printed twice under one key is one print job, and a card signed by a key the hub
// was never given is refused whatever it claims.
import { randomUUID } from 'node:crypto';
import { expect } from '../lib/expect.mjs';
import { loadVectors } from '../lib/vectors.mjs';

async function call(ctx, method, path, body) {
  const response = await fetch(`${ctx.hubUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${ctx.hubToken}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = { raw: text.slice(0, 300) };
  }
  return { status: response.status, body: parsed };
}

const show = (answer) => `${String(answer.status)} ${JSON.stringify(answer.body).slice(0, 300)}`;

/** Top-ups and cash sales need an open cash session at the counter: opened when there is none. */
async function ensureCashSession(ctx) {
  const current = await call(ctx, 'GET', '/api/v1/cash-sessions/current');
  expect(current.status === 200, `current cash session: ${show(current)}`);
  if (current.body.session !== null) return;
  const opened = await call(ctx, 'POST', '/api/v1/cash-sessions', { floatXof: 0 });
  expect(opened.status === 201, `opening a cash session: ${show(opened)}`);
}

/** The same request twice then the same id with another body: 201, 200 with the first answer, 409 with the code. */
async function sameThenOther(ctx, path, body, otherBody, sameAnswer) {
  const first = await call(ctx, 'POST', path, body);
  expect(first.status === 201 && first.body.created === true, `first: ${show(first)}`);
  const again = await call(ctx, 'POST', path, body);
  expect(
    again.status === 200 && again.body.created === false,
    `retried: expected 200, created false; got ${show(again)}`,
  );
  const mismatch = sameAnswer(first.body, again.body);
  expect(mismatch === null, `retried: ${String(mismatch)}`);
  const other = await call(ctx, 'POST', path, otherBody);
  expect(
    other.status === 409 && other.body.error?.code === 'IDEMPOTENCY_KEY_REUSED',
    `same id, other body: expected 409 IDEMPOTENCY_KEY_REUSED, got ${show(other)}`,
  );
}

/** How long a hub just started may take to pair, pull the card keys and the catalog. */
const readyWaitMs = 60_000;

export function hubApiChecks(ctx) {
  return [
    {
      name: "hub ready: paired, the cloud's card keys and the partner's catalog downloaded",
      timeoutMs: readyWaitMs + 5_000,
      run: async () => {
        const deadline = Date.now() + readyWaitMs;
        let status = null;
        while (Date.now() < deadline) {
          const answer = await call(ctx, 'GET', '/api/v1/sync/status');
          status = answer.body;
          if (status.paired === true && status.cards?.keysFetchedAt != null && status.catalog?.products > 0) return;
          await new Promise((resolve) => setTimeout(resolve, 500));
        }
        expect(false, `not ready after ${String(readyWaitMs)} ms: ${JSON.stringify(status).slice(0, 300)}`);
      },
    },
    {
      name: 'hub cash top-up: same id and body answers the first top-up; same id, other amount refused',
      independent: true,
      run: async () => {
        await ensureCashSession(ctx);
        const id = randomUUID();
        const body = { id, accountId: ctx.clientAccountId, amountXof: 100 };
        await sameThenOther(ctx, '/api/v1/cash-top-ups', body, { ...body, amountXof: 200 }, (a, b) =>
          a.seq === b.seq && a.id === b.id ? null : `outbox seq ${String(b.seq)} differs from ${String(a.seq)}`,
        );
      },
    },
    {
      name: 'hub cash sale: same saleId and items answers the first invoice; same saleId, other quantity refused',
      independent: true,
      run: async () => {
        await ensureCashSession(ctx);
        const catalog = await call(ctx, 'GET', '/api/v1/catalog/products');
        expect(catalog.status === 200, `catalog: ${show(catalog)}`);
        const products = catalog.body.products.filter((p) => p.priceXof > 0);
        expect(products.length > 0, "the hub's catalog is empty: a paired hub with a partner's products is needed");
        // The first product that sells (another may be out of stock at this hub).
        let sold = null;
        for (const product of products.slice(0, 5)) {
          const saleId = `conformance-${randomUUID()}`;
          const body = { saleId, items: [{ productId: product.id, quantity: 1 }], payment: { method: 'cash' } };
          const first = await call(ctx, 'POST', '/api/v1/sales', body);
          if (first.status === 201) {
            sold = { body, first };
            break;
          }
        }
        expect(sold !== null, `no product of the catalog could be sold once (${String(products.length)} tried)`);
        const again = await call(ctx, 'POST', '/api/v1/sales', sold.body);
        expect(again.status === 200 && again.body.created === false, `retried sale: ${show(again)}`);
        expect(
          again.body.invoice.number === sold.first.body.invoice.number && again.body.seq === sold.first.body.seq,
          `retried sale: invoice ${String(again.body.invoice?.number)} differs from ${String(sold.first.body.invoice.number)}`,
        );
        const other = await call(ctx, 'POST', '/api/v1/sales', {
          ...sold.body,
          items: [{ ...sold.body.items[0], quantity: 2 }],
        });
        expect(
          other.status === 409 && other.body.error?.code === 'IDEMPOTENCY_KEY_REUSED',
          `same saleId, other quantity: expected 409 IDEMPOTENCY_KEY_REUSED, got ${show(other)}`,
        );
      },
    },
    {
      name: 'hub printing: the same document key printed twice is one print job; other content under it refused',
      independent: true,
      run: async () => {
        const printers = await call(ctx, 'GET', '/api/v1/printers');
        expect(printers.status === 200, `printers: ${show(printers)}`);
        const printer = (printers.body.printers ?? printers.body)[0];
        expect(printer !== undefined, 'no printer is configured at the hub');
        const documentKey = `conformance:${randomUUID()}`;
        // The key in the text too: the hub names a job by its printer and content, so a ticket identical to an
        // earlier document's would answer that document's job.
        const ticket = (text) => ({
          printerId: printer.id,
          documentKey,
          blocks: [{ type: 'text', text: `${text} ${documentKey}` }],
        });
        const first = await call(ctx, 'POST', '/api/v1/print-jobs', ticket('Conformance ISMAIL'));
        expect(first.status === 201 && first.body.documentKey === documentKey, `first print: ${show(first)}`);
        const again = await call(ctx, 'POST', '/api/v1/print-jobs', ticket('Conformance ISMAIL'));
        expect(again.status === 200 && again.body.id === first.body.id, `printed again: ${show(again)}`);
        const other = await call(ctx, 'POST', '/api/v1/print-jobs', ticket('Autre contenu'));
        expect(other.status === 409, `other content under the same key: expected 409, got ${show(other)}`);
        const history = await call(ctx, 'GET', `/api/v1/print-jobs?printerId=${printer.id}&limit=200`);
        const jobs = (history.body.jobs ?? []).filter((job) => job.documentKey === documentKey);
        expect(jobs.length === 1, `${String(jobs.length)} print jobs carry ${documentKey}, want 1`);
      },
    },
    {
      name: "hub card check: every test-key vector is refused (the hub trusts only its cloud's keys)",
      independent: true,
      run: async () => {
        for (const vector of loadVectors()) {
          for (const presentation of vector.presentations) {
            const answer = await call(ctx, 'POST', '/api/v1/cards/verify', { token: presentation.token });
            expect(answer.status === 200, `${vector.name}: ${show(answer)}`);
            const want = vector.name.startsWith('malformed') ? 'MALFORMED' : 'UNKNOWN_KEY';
            expect(
              answer.body.ok === false && answer.body.reason === want,
              `${vector.name}: expected refused ${want}, got ${show(answer)}`,
            );
          }
        }
      },
    },
  ];
}
