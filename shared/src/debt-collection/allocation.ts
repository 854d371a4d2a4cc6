/**
 * How a payment is allocated on debt files (issue 26): within a file, fees first, then principal (what was paid before
 * covered the fees first too); across a debtor's files, the oldest first. Pure arithmetic in whole FCFA: never reads
 * or writes anything, and refuses (RangeError: a caller's bug, checked before) an amount that is not a positive
 * integer or more than what is left.
 */

export interface FileBalance {
  readonly principalXof: number;
  readonly feesXof: number;
  /** Paid on the file so far (fees first, then principal). */
  readonly paidXof: number;
}

export interface Allocation {
  readonly feesPartXof: number;
  readonly principalPartXof: number;
  /** What is left on the file after this payment. */
  readonly leftXof: number;
}

const wholeNonNegative = (name: string, value: number): void => {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be a whole number ≥ 0`);
};

/** What is still owed on a file. */
export function fileLeftXof(file: FileBalance): number {
  return file.principalXof + file.feesXof - file.paidXof;
}

/** Splits `amountXof` paid on one file into its fees part and its principal part. */
export function allocatePayment(file: FileBalance, amountXof: number): Allocation {
  wholeNonNegative('principalXof', file.principalXof);
  wholeNonNegative('feesXof', file.feesXof);
  wholeNonNegative('paidXof', file.paidXof);
  if (!Number.isSafeInteger(amountXof) || amountXof <= 0) throw new RangeError('amountXof must be a positive integer');
  const left = fileLeftXof(file);
  if (amountXof > left) throw new RangeError(`amountXof ${String(amountXof)} is more than the ${String(left)} left`);
  const feesLeft = Math.max(0, file.feesXof - file.paidXof);
  const feesPartXof = Math.min(amountXof, feesLeft);
  return { feesPartXof, principalPartXof: amountXof - feesPartXof, leftXof: left - amountXof };
}

/**
 * A payment that names no single file, spread over a debtor's files in the order given (the oldest first): each takes
 * up to what it has left. `unallocatedXof` is what no file could take (the files were all paid).
 */
export function spreadOverFiles<F extends FileBalance & { readonly id: string }>(
  files: readonly F[],
  amountXof: number,
): { parts: { fileId: string; amountXof: number }[]; unallocatedXof: number } {
  if (!Number.isSafeInteger(amountXof) || amountXof <= 0) throw new RangeError('amountXof must be a positive integer');
  const parts: { fileId: string; amountXof: number }[] = [];
  let rest = amountXof;
  for (const file of files) {
    if (rest === 0) break;
    const take = Math.min(rest, Math.max(0, fileLeftXof(file)));
    if (take > 0) {
      parts.push({ fileId: file.id, amountXof: take });
      rest -= take;
    }
  }
  return { parts, unallocatedXof: rest };
}
