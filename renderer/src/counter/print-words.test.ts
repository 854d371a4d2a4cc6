// Proves every print job is named in staff's words: each document kind the hub and the counter
// print, and each failure code the hub can set a job aside with, has its sentence in French
// and in English (this file's keys are not seen by the translation test, which reads .tsx).
import { describe, expect, it } from 'vitest';
import type { PrintFailure } from '@ismail/shared';
import en from './locales/en.json';
import fr from './locales/fr.json';
import { documentWords, failureWords } from './print-words.js';

const lookUp = (messages: unknown, key: string): unknown =>
  key
    .split('.')
    .reduce<unknown>(
      (node, part) => (typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[part] : undefined),
      messages,
    );

describe('print words', () => {
  it('names each document kind by what it is, with its reference', () => {
    expect(documentWords('invoice:F-H9A0F015F-2026-000004')).toEqual({
      key: 'printDocument.invoice',
      values: { reference: 'F-H9A0F015F-2026-000004' },
    });
    expect(documentWords('z-report:3')).toEqual({ key: 'printDocument.zReport', values: { reference: '3' } });
    expect(documentWords('top-up:0b7c…').key).toBe('printDocument.topUp');
    expect(documentWords('test:2026-12-01T10:00:00.000Z').key).toBe('printDocument.testPage');
    expect(documentWords('ticket:V-000101')).toEqual({
      key: 'printDocument.other',
      values: { reference: 'ticket:V-000101' },
    });
  });

  it('says what happened for every failure the hub produces, in both languages', () => {
    const causes = [
      'PRINTER_CONNECTION_LOST',
      'PRINTER_TIMEOUT',
      'PRINTER_UNREACHABLE',
      'TRANSPORT_UNAVAILABLE',
      'SOMETHING_NEW',
    ];
    const failures: PrintFailure[] = [
      { code: 'ENCODING_FAILED', cause: null, times: 1 },
      ...causes.map((cause) => ({ code: 'REPEATED_FAILURE' as const, cause, times: 3 })),
    ];
    const keys = [
      ...failures.map((f) => failureWords(f).key),
      ...['invoice:F-1', 'z-report:1', 'top-up:x', 'test:x', 'other'].map((k) => documentWords(k).key),
    ];
    expect(new Set(keys).size).toBe(keys.length);
    for (const key of keys) {
      expect(typeof lookUp(fr, key), `${key} in French`).toBe('string');
      expect(typeof lookUp(en, key), `${key} in English`).toBe('string');
    }
    expect(failureWords({ code: 'REPEATED_FAILURE', cause: 'PRINTER_CONNECTION_LOST', times: 3 })).toEqual({
      key: 'printFailure.connectionLost',
      values: { times: 3 },
    });
  });
});
