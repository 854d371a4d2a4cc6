/**
 * The desk's camera scanner: the browser's own BarcodeDetector where it has one (Android, macOS), else the
 * `barcode-detector` ZXing polyfill, loaded only here (the desk chunk). Its WebAssembly comes from our own build
 * (Vite's `?url`), never from the CDN it would fetch by default: there is no internet at some desks and the CSP
 * allows our origin only.
 */
import wasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';

export interface QrDetector {
  detect(source: HTMLVideoElement): Promise<{ rawValue: string }[]>;
}

interface DetectorClass {
  new (options: { formats: string[] }): QrDetector;
  getSupportedFormats(): Promise<string[]>;
}

async function nativeDetector(): Promise<QrDetector | undefined> {
  const native = (globalThis as { BarcodeDetector?: DetectorClass }).BarcodeDetector;
  if (native === undefined) return undefined;
  try {
    return (await native.getSupportedFormats()).includes('qr_code') ? new native({ formats: ['qr_code'] }) : undefined;
  } catch {
    return undefined;
  }
}

/** A QR detector: native first, else the polyfill with its wasm served by the portal. */
export async function qrDetector(): Promise<QrDetector> {
  const native = await nativeDetector();
  if (native !== undefined) return native;
  const { BarcodeDetector, prepareZXingModule } = await import('barcode-detector/ponyfill');
  await prepareZXingModule({
    overrides: { locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? wasmUrl : prefix + path) },
    fireImmediately: true,
  });
  return new BarcodeDetector({ formats: ['qr_code'] });
}

/** The rear camera when there is one (a phone held over a card), any camera on a laptop. */
export function openCamera(): Promise<MediaStream> {
  return navigator.mediaDevices.getUserMedia({
    video: { facingMode: { ideal: 'environment' }, width: { ideal: 1280 } },
    audio: false,
  });
}

export const scanIntervalMs = 300;
