/**
 * The tax engine's data (SPEC 3.7, research 4.1 and 9.2): per country, each tax group a line
 * can belong to, its rate and kind, and the code the national e-invoicing service uses.
 * Rates carry an effective date; an issued invoice stores the rate it used, so changing a
 * rate here never changes an issued invoice. Uncertain rates in the research ([VERIFY]) are
 * left out rather than guessed.
 */

export interface TaxGroup {
  readonly code: string;
  readonly country: string;
  readonly rateBp: number;
  readonly kind: 'standard' | 'reduced' | 'zero' | 'exempt';
  readonly label: { readonly fr: string; readonly en: string };
  /** The code the tax authority's API expects (FNE: TVA, TVAB, TVAC, TVAD; e-MECeF: A to F). */
  readonly authorityCode: string;
  readonly effectiveFrom: string;
}

const g = (
  code: string,
  country: string,
  rateBp: number,
  kind: TaxGroup['kind'],
  fr: string,
  en: string,
  authorityCode: string,
  effectiveFrom = '2000-01-01',
): TaxGroup => ({
  code,
  country,
  rateBp,
  kind,
  label: { fr, en },
  authorityCode,
  effectiveFrom,
});

export const taxGroups: readonly TaxGroup[] = [
  g('CI-TVA-18', 'CI', 1800, 'standard', 'TVA 18 %', 'VAT 18%', 'TVA'),
  g('CI-TVA-9', 'CI', 900, 'reduced', 'TVA 9 %', 'VAT 9%', 'TVAB'),
  g('CI-EXO-CONV', 'CI', 0, 'exempt', 'Exonération conventionnelle', 'Conventional exemption', 'TVAC'),
  g('CI-EXO-LEG', 'CI', 0, 'exempt', 'Exonération légale', 'Legal exemption', 'TVAD'),
  g('SN-TVA-18', 'SN', 1800, 'standard', 'TVA 18 %', 'VAT 18%', 'S'),
  g('SN-TVA-10', 'SN', 1000, 'reduced', 'TVA 10 % (hébergement touristique)', 'VAT 10% (tourist accommodation)', 'R'),
  g('BJ-A', 'BJ', 0, 'exempt', 'A - Exonéré', 'A - Exempt', 'A'),
  g('BJ-B', 'BJ', 1800, 'standard', 'B - TVA 18 %', 'B - VAT 18%', 'B'),
  g('BJ-C', 'BJ', 0, 'zero', 'C - Exportation', 'C - Export', 'C'),
  g('BJ-E', 'BJ', 0, 'exempt', 'E - Régime TPS', 'E - TPS regime', 'E'),
  g('TG-TVA-18', 'TG', 1800, 'standard', 'TVA 18 %', 'VAT 18%', 'S'),
  g('BF-TVA-18', 'BF', 1800, 'standard', 'TVA 18 %', 'VAT 18%', 'S'),
  g('BF-TVA-10', 'BF', 1000, 'reduced', 'TVA 10 % (hôtellerie, restauration)', 'VAT 10% (hotels, restaurants)', 'R'),
  g('ML-TVA-18', 'ML', 1800, 'standard', 'TVA 18 %', 'VAT 18%', 'S'),
  g('ML-TVA-5', 'ML', 500, 'reduced', 'TVA 5 % (informatique, solaire)', 'VAT 5% (IT, solar)', 'R'),
  g('NE-TVA-19', 'NE', 1900, 'standard', 'TVA 19 %', 'VAT 19%', 'S'),
  g('NE-TVA-5', 'NE', 500, 'reduced', 'TVA 5 %', 'VAT 5%', 'R'),
  g('GW-IVA-19', 'GW', 1900, 'standard', 'IVA 19 %', 'VAT 19%', 'S', '2025-01-01'),
  g('GW-IVA-10', 'GW', 1000, 'reduced', 'IVA 10 %', 'VAT 10%', 'R', '2025-01-01'),
  // Ghana from 2026: VAT 15% + NHIL 2.5% + GETFund 2.5%, all on the base: 20% effective.
  g(
    'GH-VAT-20',
    'GH',
    2000,
    'standard',
    'VAT 15% + NHIL 2.5% + GETFund 2.5%',
    'VAT 15% + NHIL 2.5% + GETFund 2.5%',
    'S',
    '2026-01-01',
  ),
  g('NG-VAT-7.5', 'NG', 750, 'standard', 'VAT 7.5%', 'VAT 7.5%', 'S'),
  g('NG-ZERO', 'NG', 0, 'zero', 'Zero-rated', 'Zero-rated', 'Z'),
];

const byCode = new Map(taxGroups.map((t) => [t.code, t]));

export function taxGroup(code: string): TaxGroup | undefined {
  return byCode.get(code);
}

export function taxGroupsOf(country: string, at: Date = new Date()): TaxGroup[] {
  return taxGroups.filter((t) => t.country === country && new Date(t.effectiveFrom) <= at);
}
