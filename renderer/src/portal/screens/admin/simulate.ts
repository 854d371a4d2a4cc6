/**
 * A tariff change simulated before it is applied: what N typical operations of that code cost (in credits, the
 * lowest and highest the tariff allows) under the tariff in force and under the proposed one. Pure: nothing is sent.
 */
export interface TariffRange {
  readonly minCredits: number;
  readonly maxCredits: number;
}

export interface TariffSimulation {
  readonly count: number;
  readonly before: TariffRange;
  readonly after: TariffRange;
  /** After minus before, for the lowest and the highest price (credits, may be negative). */
  readonly change: TariffRange;
}

export function simulateTariff(before: TariffRange, after: TariffRange, count: number): TariffSimulation {
  const times = (r: TariffRange): TariffRange => ({
    minCredits: r.minCredits * count,
    maxCredits: r.maxCredits * count,
  });
  const b = times(before);
  const a = times(after);
  return {
    count,
    before: b,
    after: a,
    change: { minCredits: a.minCredits - b.minCredits, maxCredits: a.maxCredits - b.maxCredits },
  };
}
