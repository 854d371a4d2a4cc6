/**
 * A manual invoice's draft as a form: the buyer's name, and lines (designation, quantity, unit price in FCFA tax
 * included, tax rate among Côte d'Ivoire's groups, which the cloud checks against the seller's country). The form
 * sends lines only: the seller is the partner's own identity and every total is the cloud's.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { DraftDocument } from './data.js';

/** The tax groups of the demo's country (shared/src/invoicing/tax-groups.ts); the cloud refuses any other. */
export const taxGroupCodes = ['CI-TVA-18', 'CI-TVA-9', 'CI-EXO-CONV', 'CI-EXO-LEG'] as const;
const linesMax = 50;

interface LineFields {
  label: string;
  quantity: string;
  unitPrice: string;
  taxGroup: string;
}

const emptyLine = (): LineFields => ({ label: '', quantity: '1', unitPrice: '', taxGroup: 'CI-TVA-18' });

/** The fields of a stored draft (quantities in thousandths back to decimals). */
export function fieldsOf(document: DraftDocument | undefined): { buyer: string; lines: LineFields[] } {
  if (document === undefined) return { buyer: '', lines: [emptyLine()] };
  return {
    buyer: document.buyer.name ?? '',
    lines: document.lines.map((l) => ({
      label: l.label,
      quantity: String(l.quantityMilli / 1000),
      unitPrice: String(l.unitPriceXof),
      taxGroup: l.taxGroup,
    })),
  };
}

function toDocument(buyer: string, lines: LineFields[]): DraftDocument | null {
  const parsed = lines.map((l) => ({
    label: l.label.trim(),
    quantityMilli: Math.round(Number(l.quantity.replace(',', '.')) * 1000),
    unitPriceXof: Number(l.unitPrice),
    taxGroup: l.taxGroup,
    discountXof: 0,
  }));
  const valid = parsed.every(
    (l) =>
      l.label !== '' &&
      Number.isInteger(l.quantityMilli) &&
      l.quantityMilli >= 1 &&
      Number.isInteger(l.unitPriceXof) &&
      l.unitPriceXof >= 0,
  );
  if (!valid || parsed.length === 0) return null;
  const name = buyer.trim();
  return {
    kind: 'invoice',
    currency: 'XOF',
    priceMode: 'tax_included',
    buyer: { kind: 'B2C', ...(name === '' ? {} : { name }) },
    lines: parsed,
    payments: [],
  };
}

export function DraftForm(props: {
  initial: DraftDocument | undefined;
  busy: boolean;
  submitLabel: string;
  onSubmit: (document: DraftDocument) => void;
}) {
  const { t } = useTranslation('billing');
  const start = fieldsOf(props.initial);
  const [buyer, setBuyer] = useState(start.buyer);
  const [lines, setLines] = useState<LineFields[]>(start.lines);
  const [invalid, setInvalid] = useState(false);
  const change = (index: number, field: keyof LineFields, value: string) =>
    setLines((all) => all.map((l, i) => (i === index ? { ...l, [field]: value } : l)));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const document = toDocument(buyer, lines);
    setInvalid(document === null);
    if (document !== null) props.onSubmit(document);
  };
  return (
    <form className="form card billing-draft" onSubmit={submit} noValidate>
      <label htmlFor="billing-buyer">{t('billing:draft.buyer')}</label>
      <input
        id="billing-buyer"
        value={buyer}
        maxLength={200}
        autoComplete="off"
        onChange={(e) => setBuyer(e.target.value)}
      />
      <ol className="billing-lines">
        {lines.map((line, i) => (
          <li key={i} className="billing-line" data-testid="billing-line">
            <fieldset>
              <legend>{t('billing:draft.line', { n: i + 1 })}</legend>
              <label htmlFor={`line-label-${String(i)}`}>{t('billing:draft.label')}</label>
              <input
                id={`line-label-${String(i)}`}
                value={line.label}
                maxLength={300}
                required
                onChange={(e) => change(i, 'label', e.target.value)}
              />
              <div className="billing-line-numbers">
                <div>
                  <label htmlFor={`line-quantity-${String(i)}`}>{t('billing:draft.quantity')}</label>
                  <input
                    id={`line-quantity-${String(i)}`}
                    inputMode="decimal"
                    value={line.quantity}
                    required
                    onChange={(e) => change(i, 'quantity', e.target.value)}
                  />
                </div>
                <div>
                  <label htmlFor={`line-price-${String(i)}`}>{t('billing:draft.unitPrice')}</label>
                  <input
                    id={`line-price-${String(i)}`}
                    inputMode="numeric"
                    value={line.unitPrice}
                    required
                    onChange={(e) => change(i, 'unitPrice', e.target.value.replace(/\D/g, ''))}
                  />
                </div>
              </div>
              <label htmlFor={`line-tax-${String(i)}`}>{t('billing:draft.taxGroup')}</label>
              <select
                id={`line-tax-${String(i)}`}
                value={line.taxGroup}
                onChange={(e) => change(i, 'taxGroup', e.target.value)}
              >
                {taxGroupCodes.map((code) => (
                  <option key={code} value={code}>
                    {t(`billing:taxGroup.${code}`)}
                  </option>
                ))}
              </select>
              {lines.length > 1 ? (
                <button
                  type="button"
                  className="button secondary"
                  onClick={() => setLines((all) => all.filter((_, k) => k !== i))}
                >
                  {t('billing:draft.removeLine', { n: i + 1 })}
                </button>
              ) : null}
            </fieldset>
          </li>
        ))}
      </ol>
      {lines.length < linesMax ? (
        <button type="button" className="button secondary" onClick={() => setLines((all) => [...all, emptyLine()])}>
          {t('billing:draft.addLine')}
        </button>
      ) : null}
      {invalid ? (
        <p role="alert" className="error">
          {t('billing:draft.invalid')}
        </p>
      ) : null}
      <button type="submit" className="button" disabled={props.busy}>
        {props.submitLabel}
      </button>
    </form>
  );
}
