// Proves the closing summary counts each database's copy of a test as its own test and ends
// with the plain line CI reads.
import { describe, expect, it } from 'vitest';
import { summarise } from './test-summary.mjs';

describe('npm test closing summary', () => {
  it('counts tests per database and ends with the plain closing line', () => {
    const report = {
      numPassedTests: 4,
      numFailedTests: 1,
      numPendingTests: 1,
      numTodoTests: 0,
      testResults: [
        {
          assertionResults: [
            { ancestorTitles: ['ledger on embedded PGlite'], title: 'balances', status: 'passed' },
            { ancestorTitles: ['ledger on PostgreSQL server'], title: 'balances', status: 'passed' },
            { ancestorTitles: ['ledger on PostgreSQL server'], title: 'races', status: 'failed' },
            { ancestorTitles: ['xof'], title: 'formats', status: 'passed' },
            { ancestorTitles: ['xof'], title: 'rounds', status: 'passed' },
            { ancestorTitles: ['sync on embedded PGlite'], title: 'later', status: 'skipped' },
          ],
        },
      ],
    };
    const text = summarise(report);
    expect(text).toMatch(/embedded PGlite\s+1 passed, 0 failed, 1 skipped/);
    expect(text).toMatch(/PostgreSQL server\s+1 passed, 1 failed, 0 skipped/);
    expect(text).toMatch(/no database\s+2 passed, 0 failed, 0 skipped/);
    expect(text.trim().split('\n').at(-1)).toBe('ismail: 4 passed, 1 failed, 1 skipped');
  });
});
