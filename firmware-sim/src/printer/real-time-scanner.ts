/**
 * Finds DLE EOT n in the bytes as they arrive, across chunk boundaries, as a printer's
 * receive logic does: real-time requests are answered before the job is processed, even
 * in the middle of other data (which is why EPSON warns that image data can trigger them).
 *
 * Owns: the three-byte match. Pure.
 */
const DLE = 0x10;
const EOT = 0x04;

export class RealTimeScanner {
  /** 0: nothing, 1: DLE seen, 2: DLE EOT seen. */
  #state: 0 | 1 | 2 = 0;

  /** Returns the n of each DLE EOT n completed by `chunk`, in order. */
  scan(chunk: Uint8Array): number[] {
    const requests: number[] = [];
    for (const byte of chunk) {
      if (this.#state === 2) {
        requests.push(byte);
        this.#state = 0;
      } else if (this.#state === 1 && byte === EOT) this.#state = 2;
      else this.#state = byte === DLE ? 1 : 0;
    }
    return requests;
  }
}
