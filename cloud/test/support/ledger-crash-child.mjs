// The writer that cloud/test/wallet-crash.test.ts kills with SIGKILL: it runs the built ledger
// (cloud/dist, made by `tsc -b`) against an already migrated and funded database and keeps
// `concurrency` requests in flight, consumptions by partners (six linked legs each) and
// transfers between clients. One line per event on stdout (a pipe: written synchronously):
//   sent <json: key, kind, scope, input>   before a request is submitted
//   ack <key> <operation id>               once the ledger has committed it
//   failed <key> <error code>              when it was refused
// Usage: node ledger-crash-child.mjs '<json: url, round, concurrency, partners[], clients[]>'
import { randomUUID } from 'node:crypto';
import { openDatabase } from '../../dist/src/platform/db/database.js';
import { Ledger } from '../../dist/src/modules/wallet/ledger.js';
import { WalletOperations } from '../../dist/src/modules/wallet/operations.js';

const config = JSON.parse(process.argv[2] ?? '{}');
const db = await openDatabase({ url: config.url, poolMax: 4, embeddedDataDir: 'unused' });
const ops = new WalletOperations(db, new Ledger(db));

const below = (n) => Math.floor(Math.random() * n);
const pick = (list) => list[below(list.length)];
const line = (text) => process.stdout.write(`${text}\n`);

function nextRequest() {
  if (Math.random() < 0.6) {
    const partner = pick(config.partners);
    return {
      kind: 'consume',
      scope: partner,
      input: {
        accountId: partner,
        tariffCode: 'service_purchase',
        units: 1 + below(3),
        unitPriceCredits: 5 + below(46),
      },
    };
  }
  const from = pick(config.clients);
  const to = pick(config.clients.filter((c) => c !== from));
  return { kind: 'transfer', scope: from, input: { fromId: from, toId: to, amountCentiCredits: 1 + below(500) } };
}

async function worker() {
  for (;;) {
    const request = { key: `crash-${String(config.round)}-${randomUUID()}`, ...nextRequest() };
    line(`sent\t${JSON.stringify(request)}`);
    const ctx = {
      actor: { accountId: request.scope, label: 'crash-child' },
      scope: request.scope,
      idempotencyKey: request.key,
    };
    try {
      const outcome =
        request.kind === 'consume' ? await ops.consume(ctx, request.input) : await ops.transfer(ctx, request.input);
      line(`ack\t${request.key}\t${outcome.result.operationId}`);
    } catch (error) {
      line(`failed\t${request.key}\t${String(error?.code ?? error?.message ?? error)}`);
    }
  }
}

line('ready');
await Promise.all(Array.from({ length: config.concurrency }, () => worker()));
