// Proves sealed secrets open only with the same master key and context, and detect tampering.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { open, seal } from './sealed.js';

const key = { bytes: randomBytes(32) };

describe('sealed secrets', () => {
  it('round-trips and never contains the plaintext', () => {
    const sealed = seal(key, 'totp', Buffer.from('JBSWY3DPEHPK3PXP'));
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(open(key, 'totp', sealed).toString()).toBe('JBSWY3DPEHPK3PXP');
    expect(seal(key, 'totp', Buffer.from('x'))).not.toBe(seal(key, 'totp', Buffer.from('x')));
  });

  it('refuses another key, another context and any changed byte', () => {
    const sealed = seal(key, 'signing-key:card-1', Buffer.from('secret'));
    expect(() => open({ bytes: randomBytes(32) }, 'signing-key:card-1', sealed)).toThrow();
    expect(() => open(key, 'signing-key:card-2', sealed)).toThrow();
    const flipped = sealed.slice(0, -3) + (sealed.at(-3) === 'A' ? 'B' : 'A') + sealed.slice(-2);
    expect(() => open(key, 'signing-key:card-1', flipped)).toThrow();
    expect(() => open(key, 'signing-key:card-1', 'v2.x.y')).toThrow(/unknown format/);
  });
});
