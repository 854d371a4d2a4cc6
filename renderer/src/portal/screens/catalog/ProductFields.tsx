/**
 * The product form's fields and its draft: what the person typed (text, as typed) and how it becomes the edit the
 * cloud takes (only the fields that changed, the price as whole FCFA), plus the stock per place (online and each hub).
 */
import type { InputHTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import type { CatalogProduct, ProductEdit } from './data.js';

export interface Draft {
  readonly name: string;
  readonly category: string;
  readonly price: string;
  readonly barcode: string;
  readonly sku: string;
  readonly taxGroup: string;
  readonly kind: 'physical' | 'digital';
  readonly active: boolean;
  readonly stock: readonly { place: string; quantity: string }[];
}

export function draftOf(product: CatalogProduct | null): Draft {
  return {
    name: product?.name ?? '',
    category: product?.category ?? '',
    price: product === null ? '' : String(product.priceXof),
    barcode: product?.barcode ?? '',
    sku: product?.sku ?? '',
    taxGroup: product?.taxGroup ?? 'CI-TVA-18',
    kind: product?.kind === 'digital' ? 'digital' : 'physical',
    active: product?.active ?? true,
    stock:
      product === null || product.stock.length === 0
        ? [{ place: 'online', quantity: '' }]
        : product.stock.map((s) => ({ place: s.place, quantity: String(s.quantity) })),
  };
}

/** Whole FCFA, spaces allowed ("12 500"); anything else is NaN and the cloud's bounds answer. */
const wholeNumber = (text: string): number => {
  const digits = text.replace(/[\s\u00a0\u202f]/g, '');
  return /^[0-9]{1,9}$/.test(digits) ? Number(digits) : NaN;
};

/** The edit to send: every field for a new product, only what changed for an existing one. */
export function editOf(draft: Draft, product: CatalogProduct | null): ProductEdit {
  const price = wholeNumber(draft.price);
  const stock = draft.stock
    .filter((s) => s.place.trim() !== '' && s.quantity.trim() !== '')
    .map((s) => ({ place: s.place.trim(), quantity: wholeNumber(s.quantity) }))
    .filter((s) => product?.stock.find((o) => o.place === s.place)?.quantity !== s.quantity);
  const text = (value: string): string | null => (value.trim() === '' ? null : value.trim());
  const edit: Record<string, unknown> = {};
  const put = (key: string, value: unknown, before: unknown): void => {
    if (product === null || value !== before) edit[key] = value;
  };
  put('name', draft.name.trim(), product?.name);
  put('category', draft.category.trim().toLowerCase(), product?.category);
  put('priceXof', price, product?.priceXof);
  put('taxGroup', draft.taxGroup.trim(), product?.taxGroup);
  if (product !== null || text(draft.barcode) !== null) put('barcode', text(draft.barcode), product?.barcode);
  if (product !== null || text(draft.sku) !== null) put('sku', text(draft.sku), product?.sku);
  if (product !== null) put('active', draft.active, product.active);
  if (stock.length > 0 && draft.kind === 'physical') edit['stock'] = stock;
  return edit;
}

interface Props {
  readonly draft: Draft;
  readonly onChange: (draft: Draft) => void;
}

function Field({
  id,
  label,
  hint,
  ...input
}: { id: string; label: string; hint?: string } & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <>
      <label htmlFor={id}>{label}</label>
      {hint !== undefined && (
        <span id={`${id}-hint`} className="muted catalog-hint">
          {hint}
        </span>
      )}
      <input id={id} aria-describedby={hint === undefined ? undefined : `${id}-hint`} {...input} />
    </>
  );
}

export function ProductFields({ draft, onChange, isNew }: Props & { isNew: boolean }) {
  const { t } = useTranslation('catalog');
  const set = (patch: Partial<Draft>) => onChange({ ...draft, ...patch });
  return (
    <div className="catalog-fields">
      <div className="catalog-field">
        <Field
          id="product-name"
          label={t('catalog:form.name')}
          required
          maxLength={200}
          value={draft.name}
          onChange={(e) => set({ name: e.target.value })}
        />
      </div>
      <div className="catalog-field">
        <Field
          id="product-price"
          label={t('catalog:form.price')}
          hint={t('catalog:form.priceHint')}
          required
          inputMode="numeric"
          value={draft.price}
          onChange={(e) => set({ price: e.target.value })}
        />
      </div>
      <div className="catalog-field">
        <Field
          id="product-category"
          label={t('catalog:form.category')}
          hint={t('catalog:form.categoryHint')}
          required
          pattern="[a-z0-9_\-]{1,40}"
          value={draft.category}
          onChange={(e) => set({ category: e.target.value })}
        />
      </div>
      <div className="catalog-field">
        <Field
          id="product-barcode"
          label={t('catalog:form.barcode')}
          maxLength={64}
          value={draft.barcode}
          onChange={(e) => set({ barcode: e.target.value })}
        />
      </div>
      <div className="catalog-field">
        <Field
          id="product-sku"
          label={t('catalog:form.sku')}
          maxLength={64}
          value={draft.sku}
          onChange={(e) => set({ sku: e.target.value })}
        />
      </div>
      <div className="catalog-field">
        <Field
          id="product-tax"
          label={t('catalog:form.taxGroup')}
          required
          maxLength={20}
          value={draft.taxGroup}
          onChange={(e) => set({ taxGroup: e.target.value })}
        />
      </div>
      {isNew ? (
        <fieldset className="catalog-field catalog-choice">
          <legend>{t('catalog:form.kind')}</legend>
          {(['physical', 'digital'] as const).map((kind) => (
            <label key={kind}>
              <input type="radio" name="kind" checked={draft.kind === kind} onChange={() => set({ kind })} />
              {kind === 'physical' ? t('catalog:form.physical') : t('catalog:digital')}
            </label>
          ))}
        </fieldset>
      ) : (
        <label className="catalog-field catalog-check">
          <input type="checkbox" checked={draft.active} onChange={(e) => set({ active: e.target.checked })} />
          {t('catalog:form.active')}
        </label>
      )}
    </div>
  );
}

export function StockFields({ draft, onChange }: Props) {
  const { t } = useTranslation('catalog');
  if (draft.kind === 'digital') return null;
  const setRow = (index: number, patch: Partial<Draft['stock'][number]>) =>
    onChange({ ...draft, stock: draft.stock.map((s, i) => (i === index ? { ...s, ...patch } : s)) });
  return (
    <fieldset className="catalog-stock">
      <legend>{t('catalog:form.stock')}</legend>
      <p className="muted">{t('catalog:form.stockHint')}</p>
      {draft.stock.map((row, index) => (
        <div key={index} className="catalog-stock-row">
          <div className="catalog-field">
            <Field
              id={`stock-place-${String(index)}`}
              label={t('catalog:form.place')}
              value={row.place}
              maxLength={70}
              onChange={(e) => setRow(index, { place: e.target.value })}
            />
          </div>
          <div className="catalog-field">
            <Field
              id={`stock-quantity-${String(index)}`}
              label={t('catalog:form.quantity')}
              inputMode="numeric"
              value={row.quantity}
              onChange={(e) => setRow(index, { quantity: e.target.value })}
            />
          </div>
        </div>
      ))}
      <button
        type="button"
        className="button secondary"
        onClick={() => onChange({ ...draft, stock: [...draft.stock, { place: '', quantity: '' }] })}
      >
        {t('catalog:form.addPlace')}
      </button>
    </fieldset>
  );
}
