/** A provider's quote: lines with VAT included in the prices (what a client in Abidjan reads), totalled once. */
import { computeTotals } from '../invoicing/totals.js';
import { taxGroup } from '../invoicing/tax-groups.js';

export interface QuoteLine {
  readonly label: string;
  /** Thousandths: 1,000 is one unit (1.5 hours is 1,500). */
  readonly quantityMilli: number;
  readonly unitPriceXof: number;
  readonly taxGroup: string;
}

export const quoteLinesMax = 30;
/** The largest quote, 100 million FCFA: above it, a services marketplace is not the place. */
export const quoteTotalMaxXof = 100_000_000;

/** Totals of a quote's lines, or a French reason they are refused. */
export function quoteTotals(
  lines: readonly QuoteLine[],
): { ok: true; totalXof: number; taxXof: number } | { ok: false; why: string } {
  if (lines.length === 0 || lines.length > quoteLinesMax)
    return { ok: false, why: `Un devis a de 1 à ${String(quoteLinesMax)} lignes.` };
  for (const [i, line] of lines.entries()) {
    const n = String(i + 1);
    if (line.label.trim().length === 0 || line.label.length > 300)
      return { ok: false, why: `Ligne ${n} : le libellé est vide ou trop long.` };
    if (!Number.isSafeInteger(line.quantityMilli) || line.quantityMilli <= 0 || line.quantityMilli > 1_000_000)
      return { ok: false, why: `Ligne ${n} : la quantité doit être positive.` };
    if (!Number.isSafeInteger(line.unitPriceXof) || line.unitPriceXof <= 0 || line.unitPriceXof > quoteTotalMaxXof)
      return { ok: false, why: `Ligne ${n} : le prix doit être un nombre entier de francs, positif.` };
    if (taxGroup(line.taxGroup) === undefined)
      return { ok: false, why: `Ligne ${n} : groupe de taxe inconnu (${line.taxGroup}).` };
  }
  const totals = computeTotals({
    lines: lines.map((l) => ({ ...l, discountXof: 0 })),
    priceMode: 'tax_included',
  });
  if (totals.grossXof <= 0 || totals.grossXof > quoteTotalMaxXof)
    return { ok: false, why: 'Le total du devis doit être compris entre 1 et 100 000 000 FCFA.' };
  return { ok: true, totalXof: totals.grossXof, taxXof: totals.taxXof };
}
