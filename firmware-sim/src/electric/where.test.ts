// Proves the Electric stand-in reads only column = 'literal' equalities joined by AND, and refuses anything else
// (so no request text ever reaches its SQL but checked names and parameters).
import { describe, expect, it } from 'vitest';
import { parseColumns, parseWhere } from './where.js';

describe('the stand-in where subset', () => {
  it('reads equalities joined by AND, with quotes doubled inside literals', () => {
    expect(parseWhere("partner_id = 'a1'")).toEqual({ ok: true, equalities: [{ column: 'partner_id', value: 'a1' }] });
    expect(parseWhere("clearance_hub_id='h' and issuer_account_id = 'it''s'")).toEqual({
      ok: true,
      equalities: [
        { column: 'clearance_hub_id', value: 'h' },
        { column: 'issuer_account_id', value: "it's" },
      ],
    });
  });

  it('refuses every other form', () => {
    for (const where of [
      '1=1',
      "partner_id = 'a' OR 1=1",
      "partner_id <> 'a'",
      "partner_id = 'a'; DROP TABLE accounts",
      '"partner_id" = \'a\'',
      "partner_id = 'a' AND",
      "Partner_Id = 'a'",
      "partner_id = 'unterminated",
      '',
    ])
      expect(parseWhere(where).ok, where).toBe(false);
    expect(parseWhere(`partner_id = '${'x'.repeat(2_001)}'`).ok).toBe(false);
  });

  it('reads plain column lists only', () => {
    expect(parseColumns('id,name, price_xof')).toEqual(['id', 'name', 'price_xof']);
    expect(parseColumns('id,"name"')).toBeUndefined();
    expect(parseColumns('id,')).toBeUndefined();
  });
});
