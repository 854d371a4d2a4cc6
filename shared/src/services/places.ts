/**
 * Where services are offered: the communes of Abidjan and the other large cities, each with a centre point, so that
 * "near Cocody" means a distance from a known place when the client shares no position. Positions are in
 * micro-degrees (integers), as stored.
 */
export interface ServicePlace {
  readonly commune: string;
  readonly city: string;
  readonly latE6: number;
  readonly lngE6: number;
}

export const servicePlaces: readonly ServicePlace[] = [
  { commune: 'Abobo', city: 'Abidjan', latE6: 5_416_400, lngE6: -4_020_400 },
  { commune: 'Adjamé', city: 'Abidjan', latE6: 5_367_000, lngE6: -4_020_000 },
  { commune: 'Attécoubé', city: 'Abidjan', latE6: 5_336_700, lngE6: -4_040_000 },
  { commune: 'Cocody', city: 'Abidjan', latE6: 5_359_900, lngE6: -3_967_400 },
  { commune: 'Koumassi', city: 'Abidjan', latE6: 5_294_900, lngE6: -3_951_700 },
  { commune: 'Marcory', city: 'Abidjan', latE6: 5_303_300, lngE6: -3_981_900 },
  { commune: 'Plateau', city: 'Abidjan', latE6: 5_323_300, lngE6: -4_022_500 },
  { commune: 'Port-Bouët', city: 'Abidjan', latE6: 5_255_800, lngE6: -3_926_400 },
  { commune: 'Treichville', city: 'Abidjan', latE6: 5_292_200, lngE6: -4_011_100 },
  { commune: 'Yopougon', city: 'Abidjan', latE6: 5_336_500, lngE6: -4_089_600 },
  { commune: 'Bingerville', city: 'Abidjan', latE6: 5_355_000, lngE6: -3_885_300 },
  { commune: 'Anyama', city: 'Abidjan', latE6: 5_494_700, lngE6: -4_051_800 },
  { commune: 'Songon', city: 'Abidjan', latE6: 5_316_700, lngE6: -4_250_000 },
  { commune: 'Bouaké', city: 'Bouaké', latE6: 7_690_000, lngE6: -5_030_000 },
  { commune: 'Yamoussoukro', city: 'Yamoussoukro', latE6: 6_820_600, lngE6: -5_276_700 },
  { commune: 'San-Pédro', city: 'San-Pédro', latE6: 4_748_500, lngE6: -6_636_300 },
  { commune: 'Korhogo', city: 'Korhogo', latE6: 9_458_000, lngE6: -5_629_600 },
  { commune: 'Daloa', city: 'Daloa', latE6: 6_877_000, lngE6: -6_450_000 },
  { commune: 'Grand-Bassam', city: 'Grand-Bassam', latE6: 5_211_400, lngE6: -3_738_800 },
];

const fold = (s: string): string => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().trim();

/** The place of a commune, whatever its accents or case ("cocody", "Port-Bouet"). */
export function placeOf(commune: string): ServicePlace | undefined {
  const wanted = fold(commune);
  return servicePlaces.find((p) => fold(p.commune) === wanted);
}

/** Great-circle distance in metres between two positions in micro-degrees (haversine, Earth radius 6,371 km). */
export function distanceMetres(a: { latE6: number; lngE6: number }, b: { latE6: number; lngE6: number }): number {
  const rad = (e6: number): number => (e6 / 1e6) * (Math.PI / 180);
  const dLat = rad(b.latE6 - a.latE6);
  const dLng = rad(b.lngE6 - a.lngE6);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.latE6)) * Math.cos(rad(b.latE6)) * Math.sin(dLng / 2) ** 2;
  return Math.round(2 * 6_371_000 * Math.asin(Math.min(1, Math.sqrt(h))));
}

/** The furthest a public position is moved from the real one, in metres. */
export const publicFuzzMetres = 500;

/**
 * The position shown to others: the real one moved by up to `publicFuzzMetres` in a direction and distance drawn from
 * `random` (two numbers in [0, 1)), done once at save so that repeated looks cannot average the fuzz away.
 */
export function fuzzPosition(
  position: { latE6: number; lngE6: number },
  random: readonly [number, number],
): { latE6: number; lngE6: number } {
  const distance = publicFuzzMetres * Math.sqrt(random[0]);
  const angle = 2 * Math.PI * random[1];
  const metresPerDegreeLat = 111_320;
  const metresPerDegreeLng = 111_320 * Math.cos((position.latE6 / 1e6) * (Math.PI / 180));
  return {
    latE6: Math.round(position.latE6 + ((distance * Math.cos(angle)) / metresPerDegreeLat) * 1e6),
    lngE6: Math.round(position.lngE6 + ((distance * Math.sin(angle)) / Math.max(1, metresPerDegreeLng)) * 1e6),
  };
}
