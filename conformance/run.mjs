#!/usr/bin/env node
// The ISMAIL conformance suite: what the hub ↔ cloud path promises, checked against a running
// cloud and hub (README in this folder). One line per check; exit 1 when any check fails.
//
//   node conformance/run.mjs --cloud http://127.0.0.1:8080 --hub http://127.0.0.1:8090 \
//     [--data-dir .data] [--hub-admin-token-file F] [--operator-token-file F] \
//     [--client-email client@demo.ismail.ci] [--partner-email partenaire@demo.ismail.ci]
//     [--only cloud|hub|vectors]
//
// Needs the repository built (`npm start` or `npm run build` does it): the vectors are also
// checked against the shared verifier of this build.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { cloudSyncChecks } from './checks/cloud-sync.mjs';
import { hubApiChecks } from './checks/hub-api.mjs';
import { vectorChecks } from './checks/vectors.mjs';
import { CheckFailure } from './lib/expect.mjs';

const usage =
  'usage: node conformance/run.mjs --cloud <url> --hub <url> [--data-dir <dir>] [--hub-admin-token-file <file>] ' +
  '[--operator-token-file <file>] [--client-email <email>] [--partner-email <email>] [--only cloud|hub|vectors]';
/** A check that takes longer is reported failed: nothing here should wait on more than a few requests. */
const checkTimeoutMs = 30_000;

let args;
try {
  args = parseArgs({
    options: {
      cloud: { type: 'string' },
      hub: { type: 'string' },
      'data-dir': { type: 'string', default: '.data' },
      'hub-admin-token-file': { type: 'string' },
      'operator-token-file': { type: 'string' },
      'client-email': { type: 'string', default: 'client@demo.ismail.ci' },
      'partner-email': { type: 'string', default: 'partenaire@demo.ismail.ci' },
      only: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  }).values;
} catch (error) {
  process.stderr.write(`${error.message}\n${usage}\n`);
  process.exit(2);
}
if (args.help || args.cloud === undefined || args.hub === undefined) {
  process.stderr.write(`${usage}\n`);
  process.exit(args.help ? 0 : 2);
}

const readToken = (file, what) => {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (error) {
    process.stderr.write(`conformance: cannot read the ${what} (${file}): ${error.message}\n`);
    process.exit(2);
  }
};
const dataDir = path.resolve(args['data-dir']);
const ctx = {
  cloudUrl: args.cloud.replace(/\/$/, ''),
  hubUrl: args.hub.replace(/\/$/, ''),
  hubToken: readToken(args['hub-admin-token-file'] ?? path.join(dataDir, 'hub', 'admin-token'), 'hub admin token'),
  operatorToken: readToken(
    args['operator-token-file'] ?? path.join(dataDir, 'cloud', 'operator-token'),
    'cloud operator token',
  ),
};

/** The partner the conformance hub is registered for, and a client to top up (operator route). */
async function resolveAccounts() {
  const response = await fetch(`${ctx.cloudUrl}/v1/operator/accounts?limit=500`, {
    headers: { authorization: `Bearer ${ctx.operatorToken}` },
  });
  if (response.status !== 200) throw new Error(`operator account list: HTTP ${String(response.status)}`);
  const { accounts } = await response.json();
  const partner = accounts.find((a) => a.email === args['partner-email'] && a.profile === 'partner');
  const client = accounts.find((a) => a.email === args['client-email']);
  if (partner === undefined)
    throw new Error(`no partner account ${args['partner-email']} at the cloud (--partner-email)`);
  if (client === undefined) throw new Error(`no account ${args['client-email']} at the cloud (--client-email)`);
  ctx.partnerId = partner.id;
  ctx.clientAccountId = client.id;
}

const groups = [
  ['vectors', vectorChecks],
  ['cloud', cloudSyncChecks],
  ['hub', hubApiChecks],
].filter(([name]) => args.only === undefined || args.only === name);

let passed = 0;
let failed = 0;
const report = (ok, name, detail, ms) => {
  process.stdout.write(
    `${ok ? 'ok  ' : 'FAIL'}  ${name} (${String(ms)} ms)${detail === '' ? '' : `\n      ${detail}`}\n`,
  );
  if (ok) passed += 1;
  else failed += 1;
};

process.stdout.write(`ISMAIL conformance: cloud ${ctx.cloudUrl}, hub ${ctx.hubUrl}\n`);
let setUp = null;
if (groups.some(([name]) => name !== 'vectors')) {
  try {
    await resolveAccounts();
  } catch (error) {
    setUp = 'set-up: partner and client accounts at the cloud';
    report(false, setUp, error.message, 0);
  }
}
for (const [group, make] of groups) {
  let blocked = group === 'vectors' ? null : setUp;
  for (const check of await make(ctx)) {
    if (blocked !== null) {
      report(false, check.name, `not run: "${blocked}" failed before it`, 0);
      continue;
    }
    const started = performance.now();
    let timer;
    try {
      await Promise.race([
        check.run(),
        new Promise((_, reject) => {
          const limitMs = check.timeoutMs ?? checkTimeoutMs;
          timer = setTimeout(() => reject(new CheckFailure(`no answer within ${String(limitMs)} ms`)), limitMs);
        }),
      ]);
      report(true, check.name, '', Math.round(performance.now() - started));
    } catch (error) {
      const detail = error instanceof CheckFailure ? error.message : `${error.name}: ${error.message}`;
      report(false, check.name, detail, Math.round(performance.now() - started));
      if (check.independent !== true) blocked = check.name;
    } finally {
      clearTimeout(timer);
    }
  }
}
process.stdout.write(`\n${String(passed)} passed, ${String(failed)} failed\n`);
process.exit(failed === 0 ? 0 : 1);
