/**
 * The scrypt cost of the test fixtures' accounts: 2^10 instead of production's 2^15. Sign-in
 * verifies with the cost stored in the hash, so these accounts go through the very same code,
 * 32 times cheaper: a suite signed in 13 people at about 160 ms each before its first test.
 */
import type { ScryptCost } from '../../src/modules/identity/password.js';

export const testPasswordCost: ScryptCost = { N: 2 ** 10, r: 8, p: 1 };
