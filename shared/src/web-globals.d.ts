/**
 * The few WHATWG globals the kernel uses that every runtime we target has (Node, browsers,
 * Electron) but TypeScript's ES library does not declare. Declared by hand so `shared/`
 * never sees DOM or Node types (which would let I/O APIs type-check here).
 */
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean });
  decode(input?: Uint8Array): string;
}
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
