// A refused card's reason is read from the hub's error details, and only a reason the counter knows.
import { describe, expect, it } from 'vitest';
import type { HubError } from './api.js';
import { cardRefusalOf } from './hub-context.js';

const forbidden = (details: HubError['details']): HubError => ({ status: 403, code: 'FORBIDDEN', message: 'Card refused', details });

describe('cardRefusalOf', () => {
  it('gives the card’s stable reason from a FORBIDDEN answer', () => {
    expect(cardRefusalOf(forbidden([{ path: 'card', problem: 'REVOKED' }]))).toBe('REVOKED');
  });

  it('is null for a role refusal, another code, another field or an unknown reason', () => {
    expect(cardRefusalOf(forbidden([]))).toBeNull();
    expect(cardRefusalOf({ ...forbidden([{ path: 'card', problem: 'REVOKED' }]), code: 'CONFLICT' })).toBeNull();
    expect(cardRefusalOf(forbidden([{ path: 'body/token', problem: 'REVOKED' }]))).toBeNull();
    expect(cardRefusalOf(forbidden([{ path: 'card', problem: 'STOLEN' }]))).toBeNull();
  });
});
