// A refused card's reason is read from the hub's error details, and only a reason the counter knows.
import { describe, expect, it } from 'vitest';
import type { HubError } from './api.js';
import { cardRefusalOf } from './hub-context.js';

const refused = (details: HubError['details']): HubError => ({
  status: 403,
  code: 'CARD_REFUSED',
  message: 'Card refused',
  details,
});

describe('cardRefusalOf', () => {
  it('gives the card’s stable reason from a CARD_REFUSED answer', () => {
    expect(cardRefusalOf(refused([{ path: 'card', problem: 'REVOKED' }]))).toBe('REVOKED');
  });

  it('is null for a role refusal (FORBIDDEN), another code, another field or an unknown reason', () => {
    expect(cardRefusalOf(refused([]))).toBeNull();
    expect(cardRefusalOf({ ...refused([{ path: 'card', problem: 'REVOKED' }]), code: 'FORBIDDEN' })).toBeNull();
    expect(cardRefusalOf({ ...refused([{ path: 'card', problem: 'REVOKED' }]), code: 'CONFLICT' })).toBeNull();
    expect(cardRefusalOf(refused([{ path: 'body/token', problem: 'REVOKED' }]))).toBeNull();
    expect(cardRefusalOf(refused([{ path: 'card', problem: 'STOLEN' }]))).toBeNull();
  });
});
