/**
 * The clearance rule in one place (research 0.2, 9.4): an invoice is certified at most
 * once. A stored certified or rejected outcome is final and returned as is; an uncertain
 * one is reconciled with the authority (`recover`) before anything is sent again, unless
 * it is known not to have been certified (`next: 'resend'`: never sent, or a person found
 * it absent from the authority's portal); and
 * before each send an "uncertain: in progress" marker is stored, so a crash between the
 * authority's answer and our write leaves a state that the next call reconciles instead of
 * resending.
 *
 * Owns: the order of store writes and authority calls. Must never call `certify` while
 * the store holds an outcome that `recover` has not turned into "not found".
 */
import type { ClearanceConnector, ClearanceInvoice, ClearanceOutcome, ClearanceStore } from './connector.js';

/** Calls in flight per store and invoice, so two callers in one process share one attempt. */
const inFlight = new WeakMap<ClearanceStore, Map<string, Promise<ClearanceOutcome>>>();

export function certifyOnce(
  connector: ClearanceConnector,
  invoice: ClearanceInvoice,
  store: ClearanceStore,
): Promise<ClearanceOutcome> {
  let calls = inFlight.get(store);
  if (calls === undefined) {
    calls = new Map();
    inFlight.set(store, calls);
  }
  const running = calls.get(invoice.invoiceId);
  if (running !== undefined) return running;
  const attempt = certifyOnceAlone(connector, invoice, store).finally(() => calls.delete(invoice.invoiceId));
  calls.set(invoice.invoiceId, attempt);
  return attempt;
}

async function certifyOnceAlone(
  connector: ClearanceConnector,
  invoice: ClearanceInvoice,
  store: ClearanceStore,
): Promise<ClearanceOutcome> {
  const previous = await store.get(invoice.invoiceId);
  if (previous !== undefined) {
    switch (previous.status) {
      case 'certified':
      case 'rejected':
        return previous;
      case 'uncertain': {
        if (previous.next === 'resend') break;
        const found = await connector.recover(invoice);
        if (found.status !== 'not_found') {
          await store.put(invoice.invoiceId, found);
          return found;
        }
        break;
      }
    }
  }
  // Written before the call: if we die before writing the answer, the next call recovers.
  await store.put(invoice.invoiceId, {
    status: 'uncertain',
    reason: `${connector.authority}: certification sent, answer not recorded`,
    next: 'recover',
  });
  const outcome = await connector.certify(invoice);
  await store.put(invoice.invoiceId, outcome);
  return outcome;
}

/** A store in memory, for tests and demos. */
export function memoryClearanceStore(): ClearanceStore & { readonly outcomes: ReadonlyMap<string, ClearanceOutcome> } {
  const outcomes = new Map<string, ClearanceOutcome>();
  return {
    outcomes,
    get: async (invoiceId) => outcomes.get(invoiceId),
    put: async (invoiceId, outcome) => {
      outcomes.set(invoiceId, outcome);
    },
  };
}
