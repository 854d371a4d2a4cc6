/**
 * EPSON real-time status bytes (DLE EOT n) to what counter staff need to know. Each answer
 * has fixed bits (bit 1 and bit 4 set, bits 0 and 7 clear): a byte without them is noise,
 * not a status. n = 2 (offline cause): bit 2 cover open, bit 5 stopped for paper end.
 * n = 4 (roll paper sensor): bits 2-3 near end, bits 5-6 paper end.
 */
export type PrinterState = 'ready' | 'paper_low' | 'paper_out' | 'cover_open' | 'unknown';

const isStatusByte = (b: number): boolean => (b & 0x93) === 0x12;

export function parsePrinterStatus(offlineCause: number | undefined, paperSensor: number | undefined): PrinterState {
  const cause = offlineCause !== undefined && isStatusByte(offlineCause) ? offlineCause : undefined;
  const paper = paperSensor !== undefined && isStatusByte(paperSensor) ? paperSensor : undefined;
  if (cause === undefined && paper === undefined) return 'unknown';
  if (cause !== undefined && (cause & 0x04) !== 0) return 'cover_open';
  if ((paper !== undefined && (paper & 0x60) !== 0) || (cause !== undefined && (cause & 0x20) !== 0))
    return 'paper_out';
  if (paper !== undefined && (paper & 0x0c) !== 0) return 'paper_low';
  return 'ready';
}
