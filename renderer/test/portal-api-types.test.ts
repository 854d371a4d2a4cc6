// The portal's API types (renderer/src/portal/api/cloud-api.d.ts) are the ones the cloud's own
// OpenAPI document gives today: regenerated in memory and compared, so a cloud schema change the
// portal's client was not checked against fails here (`ISMAIL_WRITE_PORTAL_API=1 npx vitest run` on this file, or
// `node tools/generate-portal-api.mjs` after a build, fixes it).
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { portalApiTypes, portalApiTypesFile } from '../../tools/generate-portal-api.mjs';

describe("the portal's typed API client", () => {
  it("is generated from the cloud's current OpenAPI document", { timeout: 120_000 }, async () => {
    const expected = await portalApiTypes();
    // ISMAIL_WRITE_PORTAL_API=1 writes it instead, from the cloud's source as this run sees it.
    if (process.env.ISMAIL_WRITE_PORTAL_API === '1') writeFileSync(portalApiTypesFile, expected);
    const committed = readFileSync(portalApiTypesFile, 'utf8');
    if (committed === expected) return;
    // The first line that differs says which schema moved (the whole 16,000-line diff would drown it).
    const want = expected.split('\n');
    const have = committed.split('\n');
    const line = want.findIndex((text, i) => text !== have[i]);
    expect.fail(
      `cloud-api.d.ts is stale (run \`node tools/generate-portal-api.mjs\`): line ${String(line + 1)} is ` +
        `${JSON.stringify(have[line])}, the cloud's document gives ${JSON.stringify(want[line])}`,
    );
  });
});
