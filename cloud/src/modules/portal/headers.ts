/**
 * Security headers of the portal's pages and files: the portal's own origin only (scripts,
 * styles, images, the API it calls, its service worker), no inline script, never framed.
 * 'wasm-unsafe-eval' lets the ID desk compile its own barcode reader (ZXing as WebAssembly, served
 * by the portal) where the browser has no BarcodeDetector; it allows no JavaScript eval.
 */
export const portalContentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const portalSecurityHeaders: Readonly<Record<string, string>> = {
  'content-security-policy': portalContentSecurityPolicy,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
};
