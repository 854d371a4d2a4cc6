// WCAG 2.1 AA for the counter's two themes, computed from the stylesheet itself: every
// text/background pair the screens use reaches 4.5:1, and the keyboard focus ring and
// control borders reach 3:1 against the page (success criteria 1.4.3 and 1.4.11).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const css = readFileSync(
  path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'src', 'counter', 'styles.css'),
  'utf8',
);

function variables(selector: string): Record<string, string> {
  const start = css.indexOf(`${selector} {`);
  const block = css.slice(start, css.indexOf('}', start));
  return Object.fromEntries(
    [...block.matchAll(/--([a-z-]+):\s*(#[0-9a-f]{6})/gi)].map((m) => [m[1] ?? '', m[2] ?? '']),
  );
}

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return ((hi ?? 0) + 0.05) / ((lo ?? 0) + 0.05);
}

const textPairs: [string, string][] = [
  ['text', 'bg'],
  ['text', 'surface'],
  ['muted', 'bg'],
  ['muted', 'surface'],
  ['accent-text', 'accent'],
  ['accent', 'bg'],
  ['ok', 'ok-bg'],
  ['ok', 'surface'],
  ['error', 'error-bg'],
  ['error', 'surface'],
  // A hint inside an error card (the technical line of a ticket set aside).
  ['muted', 'error-bg'],
  ['warning', 'warning-bg'],
];

describe.each([
  ['light', ':root'],
  ['dark', ":root[data-theme='dark']"],
])('the %s theme', (_name, selector) => {
  const light = variables(':root');
  const theme = { ...light, ...variables(selector) };
  it('gives every text pair at least 4.5:1', () => {
    const weak = textPairs
      .map(([fg, bg]) => [fg, bg, contrast(theme[fg] ?? '#000000', theme[bg] ?? '#000000')] as const)
      .filter(([, , ratio]) => ratio < 4.5);
    expect(weak).toEqual([]);
  });
  it('makes the focus ring and control borders stand out at 3:1', () => {
    expect(contrast(theme.focus ?? '', theme.bg ?? '')).toBeGreaterThanOrEqual(3);
    expect(contrast(theme.border ?? '', theme.bg ?? '')).toBeGreaterThanOrEqual(3);
  });
});
