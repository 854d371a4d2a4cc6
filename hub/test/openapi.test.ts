// The hub serves its own OpenAPI document at GET /openapi.json, and every route of its local
// API is in it with a response schema for its success and its error answers (issue 21).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHubApp } from '../src/http/app.js';
import { migrateHubDatabase } from '../src/store/migrate.js';
import { openHubDatabase, type HubDatabase } from '../src/store/open.js';

interface Operation {
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: unknown }> }>;
}
interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, Operation>>;
}

/** Fastify's `/a/:b` as OpenAPI's `/a/{b}`. */
const openApiPath = (url: string): string => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

describe('hub OpenAPI document', () => {
  let db: HubDatabase;
  let app: FastifyInstance;
  const routes: { method: string; url: string; responses: Record<string, unknown> | undefined }[] = [];

  beforeAll(async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ismail-hub-openapi-'));
    db = openHubDatabase(path.join(dir, 'hub.sqlite'));
    migrateHubDatabase(db);
    const onRoute = (route: RouteOptions): void => {
      const schema = route.schema as { hide?: boolean; response?: Record<string, unknown> } | undefined;
      if (schema?.hide === true) return;
      for (const method of [route.method].flat()) {
        // Fastify adds a HEAD for each GET; the document lists the GET.
        if (method !== 'HEAD')
          routes.push({ method: method.toLowerCase(), url: route.url, responses: schema?.response });
      }
    };
    app = await buildHubApp({
      responseCheck: 'throw',
      db,
      adminToken: 'a'.repeat(40),
      counterAppDir: path.join(dir, 'none'),
      logLevel: 'silent',
      onRoute,
    });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    db.close();
  });

  it('is served without sign-in and names the hub', async () => {
    const response = await app.inject({ method: 'GET', url: '/openapi.json' });
    expect(response.statusCode).toBe(200);
    const document = response.json<OpenApiDocument>();
    expect(document.openapi).toBe('3.0.3');
    expect(document.info.title).toMatch(/hub/);
  });

  it('lists every route with a response schema for its success and its refusals', async () => {
    const document = (await app.inject({ method: 'GET', url: '/openapi.json' })).json<OpenApiDocument>();
    // The local API is some 56 routes: far fewer collected means the hook or the app changed.
    expect(routes.length).toBeGreaterThan(50);
    const problems: string[] = [];
    for (const route of routes) {
      const name = `${route.method.toUpperCase()} ${route.url}`;
      const declared = Object.keys(route.responses ?? {});
      if (!declared.some((status) => /^(2\d\d|101)$/.test(status)))
        problems.push(`${name}: no success response schema`);
      const operation = document.paths[openApiPath(route.url)]?.[route.method];
      if (operation === undefined) {
        problems.push(`${name}: not in the document`);
        continue;
      }
      const documented = operation.responses ?? {};
      for (const status of declared) {
        const response = documented[status.toUpperCase()];
        if (response === undefined) problems.push(`${name}: ${status} missing from the document`);
        // A WebSocket upgrade (101) has no body to describe; every other answer has one.
        else if (status !== '101' && Object.values(response.content ?? {}).every((c) => c.schema === undefined))
          problems.push(`${name}: ${status} has no schema in the document`);
      }
      // The home page is the counter app (or a line saying it is not built): no API refusals to document.
      if (route.url !== '/' && documented['4XX'] === undefined)
        problems.push(`${name}: its refusals (4xx) are not documented`);
    }
    expect(problems).toEqual([]);
  });
});
