// The closing summary of `npm test`, from vitest's JSON report: how many tests ran on each
// database (each database's copy of a test counts as its own test), then the plain closing
// line CI reads, whatever vitest's own summary looks like.

/** Which database a test ran on, from the suite names (`… on embedded PGlite`, `… on PostgreSQL server`). */
export function databaseOf(fullName) {
  if (fullName.includes('PostgreSQL server')) return 'PostgreSQL server';
  if (fullName.includes('embedded PGlite')) return 'embedded PGlite';
  return 'no database';
}

export function summarise(report) {
  const counts = new Map();
  for (const file of report.testResults ?? []) {
    for (const test of file.assertionResults ?? []) {
      const name = databaseOf([...(test.ancestorTitles ?? []), test.title].join(' '));
      const row = counts.get(name) ?? { passed: 0, failed: 0, skipped: 0 };
      if (test.status === 'passed') row.passed += 1;
      else if (test.status === 'failed') row.failed += 1;
      else row.skipped += 1;
      counts.set(name, row);
    }
  }
  const lines = ['', 'ismail: tests by database'];
  for (const name of ['embedded PGlite', 'PostgreSQL server', 'no database']) {
    const row = counts.get(name) ?? { passed: 0, failed: 0, skipped: 0 };
    lines.push(
      `  ${name.padEnd(18)} ${String(row.passed).padStart(5)} passed, ${String(row.failed)} failed, ${String(row.skipped)} skipped`,
    );
  }
  const skipped = report.numPendingTests + report.numTodoTests;
  lines.push(
    `ismail: ${String(report.numPassedTests)} passed, ${String(report.numFailedTests)} failed, ${String(skipped)} skipped`,
    '',
  );
  return lines.join('\n');
}
