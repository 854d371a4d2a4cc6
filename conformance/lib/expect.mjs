// One assertion for every check: a readable reason, no stack trace in the report.
export class CheckFailure extends Error {}

export function expect(condition, reason) {
  if (!condition) throw new CheckFailure(reason);
}
