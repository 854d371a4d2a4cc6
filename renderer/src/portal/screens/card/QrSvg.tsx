/**
 * A QR code drawn as one SVG path from the modules the cloud computed (the same encoder as the
 * printed card): crisp at any size, and no QR library in the phone's bundle. The signed text it
 * carries is on the element (data-token), for tests and for a copy.
 */
import { useMemo } from 'react';

const quietModules = 4;

export function qrPath(sizeModules: number, modules: string): string {
  const parts: string[] = [];
  for (let y = 0; y < sizeModules; y += 1) {
    let x = 0;
    while (x < sizeModules) {
      if (modules[y * sizeModules + x] !== '1') {
        x += 1;
        continue;
      }
      const start = x;
      while (x < sizeModules && modules[y * sizeModules + x] === '1') x += 1;
      parts.push(
        `M${String(start + quietModules)} ${String(y + quietModules)}h${String(x - start)}v1h-${String(x - start)}z`,
      );
    }
  }
  return parts.join('');
}

export function QrSvg(props: {
  readonly sizeModules: number;
  readonly modules: string;
  readonly token: string;
  readonly form: 'dynamic' | 'printed';
  readonly label: string;
}) {
  const path = useMemo(() => qrPath(props.sizeModules, props.modules), [props.sizeModules, props.modules]);
  const side = props.sizeModules + quietModules * 2;
  return (
    <svg
      className="qr"
      viewBox={`0 0 ${String(side)} ${String(side)}`}
      role="img"
      aria-label={props.label}
      data-testid="card-qr"
      data-form={props.form}
      data-token={props.token}
      shapeRendering="crispEdges"
    >
      <rect width={side} height={side} fill="#ffffff" />
      <path d={path} fill="#000000" />
    </svg>
  );
}
