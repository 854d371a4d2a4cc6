// Proves the cloud's one text rule over HTTP: a control character in any free-text field is
// refused with 400 CONTROL_CHARACTER naming the field (NUL used to reach PostgreSQL and answer
// 500), single-line fields refuse tab and newline too, multi-line ones (a product description)
// accept them, and query strings and object keys are checked like bodies.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from './support/databases.js';
import { openTestCloud, type TestCloud } from './support/test-cloud.js';
import { bearer, type Person, type Signed } from './support/people.js';

interface ErrorAnswer {
  error: { code: string; details?: { path: string; problem: string }[] };
}

describe.each(testBackends)('text hygiene on $name', (backend) => {
  let cloud: TestCloud;
  let app: FastifyInstance;
  let people: Record<Person, Signed>;
  beforeAll(async () => {
    cloud = await openTestCloud(backend, { logLevel: 'silent', seedRates: false });
    ({ app, people } = cloud);
  });
  afterAll(async () => cloud.close());
  const product = (fields: Record<string, unknown>) =>
    app.inject({
      method: 'POST',
      url: '/v1/shop/products',
      headers: bearer(people.partnerA),
      payload: {
        name: 'Attiéké',
        category: 'epicerie',
        kind: 'physical',
        priceXof: 1_000,
        taxGroup: 'CI-TVA-9',
        ...fields,
      },
    });

  it('refuses a NUL in a product name with 400 naming the field, not a server error', async () => {
    const response = await product({ name: 'Atti\u0000éké' });
    expect(response.statusCode, response.body).toBe(400);
    const { error } = response.json<ErrorAnswer>();
    expect(error.code).toBe('CONTROL_CHARACTER');
    expect(error.details?.[0]?.path).toBe('body/name');
    expect(error.details?.[0]?.problem).toContain('U+0000');
  });

  it('refuses escape, group separator, DEL and C1 controls, and tab or newline in a single-line field', async () => {
    for (const name of [
      'Riz\u001b[31m',
      'Riz\u001d',
      'Riz\u007f',
      'Riz\u0085',
      'Riz\u009b',
      'Riz\tparfumé',
      'Riz\nparfumé',
      'Riz\rparfumé',
    ]) {
      const response = await product({ name });
      expect(response.statusCode, JSON.stringify(name)).toBe(400);
      expect(response.json<ErrorAnswer>().error.details?.[0]?.path).toBe('body/name');
    }
  });

  it('accepts newline and tab in a multi-line description, never NUL or escape there', async () => {
    expect((await product({ description: 'Sac de 1 kg.\n\tFrais du jour.' })).statusCode).toBe(201);
    for (const description of ['Sac\u0000', 'Sac\u001b', 'Sac\r\n']) {
      const response = await product({ description });
      expect(response.statusCode, JSON.stringify(description)).toBe(400);
      expect(response.json<ErrorAnswer>().error).toMatchObject({
        code: 'CONTROL_CHARACTER',
        details: [{ path: 'body/description' }],
      });
    }
  });

  it('checks query strings and names the parameter', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/v1/shop/products?text=atti%00',
      headers: bearer(people.clientA),
    });
    expect(response.statusCode).toBe(400);
    expect(response.json<ErrorAnswer>().error).toMatchObject({
      code: 'CONTROL_CHARACTER',
      details: [{ path: 'querystring/text' }],
    });
  });

  it('checks object keys as well as values', async () => {
    const response = await product({ 'na\u0000me': 'x' });
    expect(response.statusCode).toBe(400);
    expect(response.json<ErrorAnswer>().error.code).toBe('CONTROL_CHARACTER');
  });

  it('keeps ordinary text, accents, emoji and other scripts', async () => {
    const response = await product({ name: 'Attiéké « spécial » 🐟 أرز 米', description: 'Œufs frais — ½ douzaine' });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json<{ name: string }>().name).toBe('Attiéké « spécial » 🐟 أرز 米');
  });
});
