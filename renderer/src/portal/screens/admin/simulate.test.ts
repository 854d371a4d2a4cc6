import { describe, expect, it } from 'vitest';
import { simulateTariff } from './simulate.js';

describe('simulateTariff', () => {
  it('prices N operations before and after, and the change', () => {
    expect(simulateTariff({ minCredits: 2, maxCredits: 5 }, { minCredits: 3, maxCredits: 4 }, 100)).toEqual({
      count: 100,
      before: { minCredits: 200, maxCredits: 500 },
      after: { minCredits: 300, maxCredits: 400 },
      change: { minCredits: 100, maxCredits: -100 },
    });
  });
});
