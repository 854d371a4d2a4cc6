/**
 * The status bytes an EPSON TM printer answers, from the simulated faults (ESC/POS
 * reference, DLE EOT and GS r). Bits 1 and 4 of every DLE EOT answer are fixed to 1 and
 * bits 0 and 7 to 0, which is how a driver tells a status byte from other data; GS r
 * answers keep bit 4 at 0.
 *
 * Owns: fault → byte. Pure.
 */

export type PaperState = 'ok' | 'near-end' | 'out';

/** What the simulated mechanism reports; the network printer holds the current one. */
export interface MechanismState {
  readonly paper: PaperState;
  readonly coverOpen: boolean;
  /** Drawer kick connector pin 3 (the drawer-open switch on most drawers). */
  readonly drawerPin3High: boolean;
}

const fixedBits = 0x12;

/** A printer with no paper or an open cover is offline: it stops printing, keeps the data. */
export function isOffline(state: MechanismState): boolean {
  return state.paper === 'out' || state.coverOpen;
}

/** The answer to DLE EOT n, or null for an n this printer ignores (it sends nothing). */
export function realTimeStatus(n: number, state: MechanismState): number | null {
  switch (n) {
    case 1: // printer: bit 2 drawer pin 3, bit 3 offline
      return fixedBits | (state.drawerPin3High ? 0x04 : 0) | (isOffline(state) ? 0x08 : 0);
    case 2: // offline cause: bit 2 cover open, bit 5 printing stopped by paper end
      return fixedBits | (state.coverOpen ? 0x04 : 0) | (state.paper === 'out' ? 0x20 : 0);
    case 3: // error cause: no cutter or mechanical error is simulated
      return fixedBits;
    case 4: // roll paper sensor: bits 2-3 near end, bits 5-6 paper end
      return fixedBits | (state.paper === 'near-end' ? 0x0c : 0) | (state.paper === 'out' ? 0x60 : 0);
    default:
      return null;
  }
}

/** The answer to GS r n (1/49 paper sensor, 2/50 drawer), or null when n is not one of them. */
export function transmitStatus(n: number, state: MechanismState): number | null {
  if (n === 1 || n === 49) return (state.paper === 'near-end' ? 0x03 : 0) | (state.paper === 'out' ? 0x0c : 0);
  if (n === 2 || n === 50) return state.drawerPin3High ? 0x01 : 0;
  return null;
}
