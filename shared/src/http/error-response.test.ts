// Proves every failure maps to a stable code and that unknown errors never leak their text.
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/catalog.js';
import { acceptRequestId, toErrorResponse } from './error-response.js';

describe('toErrorResponse', () => {
  it('keeps an AppError code, message and details', () => {
    const response = toErrorResponse(
      new AppError('CONFLICT', 'Printer name taken', [{ path: 'body/name', problem: 'taken' }]),
      'r1',
    );
    expect(response.httpStatus).toBe(409);
    expect(response.body).toEqual({
      error: {
        code: 'CONFLICT',
        message: 'Printer name taken',
        requestId: 'r1',
        details: [{ path: 'body/name', problem: 'taken' }],
      },
    });
  });

  it('hides the message of an unexpected error (it may contain SQL)', () => {
    const response = toErrorResponse(
      new Error('duplicate key value violates unique constraint "accounts_email_key"'),
      'r2',
    );
    expect(response.httpStatus).toBe(500);
    expect(response.isServerFault).toBe(true);
    expect(JSON.stringify(response.body)).not.toContain('accounts_email_key');
    expect(response.body.error.code).toBe('INTERNAL');
  });

  it('turns framework validation errors into VALIDATION_FAILED with bounded details', () => {
    const validation = Array.from({ length: 50 }, (_, i) => ({
      instancePath: `/items/${String(i)}`,
      message: 'must be integer',
    }));
    const response = toErrorResponse({ statusCode: 400, validation, validationContext: 'body' }, 'r3');
    expect(response.httpStatus).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
    expect(response.body.error.details).toHaveLength(20);
    expect(response.body.error.details?.[0]).toEqual({ path: 'body/items/0', problem: 'must be integer' });
  });

  it('names a missing property in the path', () => {
    const response = toErrorResponse(
      {
        statusCode: 400,
        validation: [
          { instancePath: '', message: "must have required property 'host'", params: { missingProperty: 'host' } },
        ],
      },
      'r4',
    );
    expect(response.body.error.details?.[0]?.path).toBe('body/host');
  });

  it('maps body-too-large and unsupported media type', () => {
    expect(toErrorResponse({ statusCode: 413 }, 'r').body.error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(toErrorResponse({ statusCode: 415 }, 'r').body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(toErrorResponse({ statusCode: 418 }, 'r').body.error.code).toBe('VALIDATION_FAILED');
    expect(toErrorResponse('a thrown string', 'r').httpStatus).toBe(500);
  });
});

describe('acceptRequestId', () => {
  it('accepts plain ids and refuses long or odd ones', () => {
    expect(acceptRequestId('abc-123_X.y:z')).toBe('abc-123_X.y:z');
    expect(acceptRequestId('a'.repeat(101))).toBeUndefined();
    expect(acceptRequestId('evil\nline')).toBeUndefined();
    expect(acceptRequestId(['a'])).toBeUndefined();
  });
});
