/**
 * What the ID desk does with the characters an agent types or a scan reads: the canonical ISMAIL ID
 * (look-alikes O→0, I/L→1 where a digit or random character is expected, any case, spaces and dashes),
 * and a formatted echo while typing so the agent sees the dashes appear where the card prints them.
 * A scanned QR holds a signed card token, not an ID: `desk input kind` tells the desk which check to run.
 */
import { parseIsmailId } from '../identity/ismail-id.js';

export type DeskInput =
  { kind: 'ismail-id'; ismailId: string } | { kind: 'token'; token: string } | { kind: 'invalid'; problem: string };

/** A compact JWS (card or dynamic code): three base64url parts. */
const compactJws = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** Normalises a typed ISMAIL ID into its canonical form, or undefined when it cannot be one. */
export function normaliseIsmailIdInput(typed: string): string | undefined {
  const parsed = parseIsmailId(typed.trim());
  return parsed.ok ? parsed.id : undefined;
}

/** Tells what the desk received: a card token (from a QR) or a typed ISMAIL ID, with why it is neither. */
export function classifyDeskInput(text: string): DeskInput {
  const trimmed = text.trim();
  if (trimmed.length > 20 && compactJws.test(trimmed)) return { kind: 'token', token: trimmed };
  const parsed = parseIsmailId(trimmed);
  return parsed.ok ? { kind: 'ismail-id', ismailId: parsed.id } : { kind: 'invalid', problem: parsed.problem };
}

/** The typed characters with dashes placed as on the card (CCYYMMDD-XXXX-UL), upper case, at most 16. */
export function formatIsmailIdAsTyped(typed: string): string {
  const compact = typed
    .toUpperCase()
    .replace(/[^0-9A-Z]/g, '')
    .slice(0, 14);
  const parts = [compact.slice(0, 8), compact.slice(8, 12), compact.slice(12, 14)].filter((p) => p !== '');
  return parts.join('-');
}
