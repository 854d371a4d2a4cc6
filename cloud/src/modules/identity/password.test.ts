// Proves stored password hashes verify only the right password and never contain it.
import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './password.js';

describe('password hashing', () => {
  it('verifies the right password and refuses a wrong or tampered one', async () => {
    const stored = await hashPassword('Abidjan-2026!');
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(stored).not.toContain('Abidjan');
    expect(await verifyPassword('Abidjan-2026!', stored)).toBe(true);
    expect(await verifyPassword('abidjan-2026!', stored)).toBe(false);
    const tampered = stored.slice(0, -2) + (stored.endsWith('AA') ? 'BB' : 'AA');
    expect(await verifyPassword('Abidjan-2026!', tampered)).toBe(false);
    expect(await verifyPassword('x', 'not-a-hash')).toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hashPassword('same')).not.toBe(await hashPassword('same'));
  });
});
