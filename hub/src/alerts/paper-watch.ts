/**
 * Since when each printer has been out of paper (issue 28.5), learnt from the print queue's status events without
 * touching the queue: the queue emits a status when a printer's state changes, so the first `paper_out` seen starts
 * the count and any other state ends it. Kept in memory: after a restart the count starts again at the first check,
 * which only delays an alert (never sends a false one).
 */
import type { PrinterStatusView } from '@ismail/shared';

export interface PaperOut {
  readonly printerId: string;
  readonly name: string;
  readonly sinceMs: number;
}

/** Printers followed at most (far above a counter's): a status for one more is ignored, not grown without bound. */
const printersMax = 64;

export class PaperWatch {
  private readonly out = new Map<string, PaperOut>();

  constructor(private readonly nowMs: () => number) {}

  /** Feed it every status the print queue emits. */
  readonly onStatus = (status: PrinterStatusView): void => {
    if (status.state !== 'paper_out') {
      this.out.delete(status.printerId);
      return;
    }
    const known = this.out.get(status.printerId);
    if (known !== undefined) {
      // Same outage; the printer may have been renamed meanwhile.
      if (known.name !== status.name) this.out.set(status.printerId, { ...known, name: status.name });
      return;
    }
    if (this.out.size >= printersMax) return;
    this.out.set(status.printerId, { printerId: status.printerId, name: status.name, sinceMs: this.nowMs() });
  };

  /** Printers out of paper now, longest first. */
  current(): PaperOut[] {
    return [...this.out.values()].sort((a, b) => a.sinceMs - b.sinceMs);
  }
}
