// The response check finds what the serialiser would lose or mangle (a property the schema does
// not name, a null where it says string), picks the schema Fastify would use for a status, and
// does not refuse a value only for a `format` TypeBox cannot check.
import { Type } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { responseMismatch, responseSchemaFor } from './response-check.js';

describe('response check', () => {
  const job = Type.Object({
    id: Type.String({ format: 'uuid' }),
    printedAt: Type.Union([Type.String(), Type.Null()]),
    nested: Type.Object({ copy: Type.Integer() }),
  });
  const error = Type.Object({ error: Type.Object({ code: Type.String() }) });
  const responses = { 200: job, '4xx': error };
  const fine = { id: 'not checked as a uuid', printedAt: null, nested: { copy: 1 } };

  it('passes an answer that matches, whatever its formats', () => {
    const schema = responseSchemaFor(responses, 200);
    expect(schema).toBeDefined();
    expect(responseMismatch(schema!, fine)).toBeNull();
  });

  it('names a property the schema does not declare, even in an object that says nothing of others', () => {
    const schema = responseSchemaFor(responses, 200)!;
    expect(responseMismatch(schema, { ...fine, verificationUrl: 'https://x' })).toMatch(/verificationUrl|additional/i);
    expect(responseMismatch(schema, { ...fine, nested: { copy: 1, extra: true } })).toMatch(/nested/);
  });

  it('names a null where the schema wants a string, and a missing property', () => {
    const schema = responseSchemaFor({ 200: Type.Object({ name: Type.String() }) }, 200)!;
    expect(responseMismatch(schema, { name: null })).toMatch(/\/name/);
    expect(responseMismatch(schema, {})).toMatch(/name/);
  });

  it('uses the exact status, then its class, and nothing for bytes answers or undeclared statuses', () => {
    expect(responseSchemaFor(responses, 404)).toBeDefined();
    expect(responseMismatch(responseSchemaFor(responses, 404)!, { error: { code: 'NOT_FOUND' } })).toBeNull();
    expect(responseSchemaFor(responses, 500)).toBeUndefined();
    expect(responseSchemaFor({ 200: { content: { 'image/png': { schema: Type.String() } } } }, 200)).toBeUndefined();
    expect(responseSchemaFor(undefined, 200)).toBeUndefined();
  });
});
