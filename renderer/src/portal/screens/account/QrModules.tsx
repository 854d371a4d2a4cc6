/**
 * Draws a QR code from the modules the cloud computed (one '1' per dark module, row by row) as
 * one SVG path: no QR library in the portal, and nothing but a drawing under the page's CSP.
 */
export function QrModules({ size, modules, label }: { size: number; modules: string; label: string }) {
  let path = '';
  for (let row = 0; row < size; row += 1) {
    for (let column = 0; column < size; column += 1) {
      if (modules[row * size + column] === '1') path += `M${String(column + 4)} ${String(row + 4)}h1v1h-1z`;
    }
  }
  const side = size + 8;
  return (
    <svg className="qr" role="img" aria-label={label} viewBox={`0 0 ${String(side)} ${String(side)}`}>
      {/* Always dark on white, whatever the theme: scanners read it so (with its quiet zone of 4 modules). */}
      <rect width={side} height={side} fill="#ffffff" />
      <path d={path} fill="#000000" />
    </svg>
  );
}
