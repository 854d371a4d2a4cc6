import { describe, expect, it } from 'vitest';
import { realEstateSearchParams } from './real-estate.js';

describe('real estate search params', () => {
  it('drops what the cloud would refuse: unknown deal, kind or order, negative or fractional prices, a bad box', () => {
    expect(
      realEstateSearchParams({
        deal: 'lease',
        kind: 'castle',
        sort: 'cheapest',
        minPriceXof: -1,
        maxPriceXof: '12.5',
        minRooms: 0,
        furnished: 'yes',
        bbox: '1,2,3',
        commune: '   ',
        extra: 'x',
      }),
    ).toEqual({});
    expect(realEstateSearchParams({ bbox: '-4100000,5200000,-3900000,5400000;drop' })).toEqual({});
    expect(realEstateSearchParams({ minRooms: 21, maxPriceXof: 10_000_000_001 })).toEqual({});
  });

  it('keeps a figure 5 search as the address gives it (numbers may come as text)', () => {
    expect(
      realEstateSearchParams({
        deal: 'rent',
        kind: 'apartment',
        commune: ' Cocody ',
        maxPriceXof: '300000',
        minRooms: 2,
        furnished: 'true',
        bbox: '-4100000,5200000,-3900000,5400000',
        sort: 'price_asc',
      }),
    ).toEqual({
      deal: 'rent',
      kind: 'apartment',
      commune: 'Cocody',
      maxPriceXof: 300_000,
      minRooms: 2,
      furnished: true,
      bbox: '-4100000,5200000,-3900000,5400000',
      sort: 'price_asc',
    });
  });
});
