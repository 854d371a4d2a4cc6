/**
 * A product's form: create (NewProduct) or edit (EditProduct) its name, category, price in FCFA, barcode, SKU,
 * tax group, state and stock per place. An edit sends the version it read: if someone saved in between, the cloud
 * answers 409 and the form says to reload instead of overwriting. Delete asks for a confirmation first (lazy route).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.js';
import { catalogProductQuery, createProduct, deleteProduct, editProduct, type CatalogProduct } from './data.js';
import { draftOf, editOf, ProductFields, StockFields, type Draft } from './ProductFields.js';
import { PhotoField } from './PhotoField.js';
import '../../styles/catalog.css';

function problemText(t: (key: string) => string, error: unknown): string {
  if (error instanceof ApiError && error.status === 409) return t('catalog:form.conflict');
  if (error instanceof ApiError && error.status === 400) return t('catalog:form.invalid');
  return t('catalog:form.failed');
}

function DeletePanel({ product }: { product: CatalogProduct }) {
  const { t } = useTranslation('catalog');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [asking, setAsking] = useState(false);
  const remove = useMutation({
    mutationFn: () => deleteProduct(product.id, product.version),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['catalog'] });
      void navigate({ to: '/catalog' });
    },
  });
  if (!asking)
    return (
      <button type="button" className="button danger" onClick={() => setAsking(true)}>
        {t('catalog:delete.ask')}
      </button>
    );
  return (
    <div className="card catalog-confirm" role="alertdialog" aria-labelledby="catalog-delete-title">
      <h2 id="catalog-delete-title">{t('catalog:delete.title', { name: product.name })}</h2>
      <p>{t('catalog:delete.explain')}</p>
      {remove.isError && (
        <p className="error" role="alert">
          {problemText(t, remove.error)}
        </p>
      )}
      <div className="catalog-actions">
        <button type="button" className="button danger" disabled={remove.isPending} onClick={() => remove.mutate()}>
          {t('catalog:delete.confirm')}
        </button>
        <button type="button" className="button secondary" onClick={() => setAsking(false)}>
          {t('catalog:delete.cancel')}
        </button>
      </div>
    </div>
  );
}

function Editor({ product }: { product: CatalogProduct | null }) {
  const { t } = useTranslation('catalog');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Draft>(() => draftOf(product));
  const save = useMutation({
    mutationFn: async () => {
      const edit = editOf(draft, product);
      if (product === null) {
        const { name, category, priceXof, taxGroup, barcode, ...rest } = edit;
        return createProduct(
          {
            name: name ?? '',
            category: category ?? '',
            priceXof: priceXof ?? 0,
            taxGroup: taxGroup ?? '',
            kind: draft.kind,
            ...(typeof barcode === 'string' ? { barcode } : {}),
          },
          rest,
        );
      }
      return (await editProduct(product.id, product.version, edit)).id;
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['catalog'] });
      void navigate({ to: '/catalog' });
    },
  });
  function submit(event: FormEvent): void {
    event.preventDefault();
    if (!save.isPending) save.mutate();
  }
  return (
    <>
      <form className="form catalog-form" onSubmit={submit} data-testid="product-form">
        <ProductFields draft={draft} onChange={setDraft} isNew={product === null} />
        <StockFields draft={draft} onChange={setDraft} />
        {save.isError && (
          <p className="error" role="alert">
            {problemText(t, save.error)}
          </p>
        )}
        <div className="catalog-actions">
          <button type="submit" className="button" disabled={save.isPending} aria-busy={save.isPending}>
            {save.isPending ? t('catalog:form.saving') : t('catalog:form.save')}
          </button>
          <button type="button" className="button secondary" onClick={() => void navigate({ to: '/catalog' })}>
            {t('catalog:form.back')}
          </button>
        </div>
      </form>
      {product !== null && <PhotoField product={product} />}
      {product !== null && <DeletePanel product={product} />}
    </>
  );
}

export function NewProduct() {
  const { t } = useTranslation('catalog');
  return (
    <section aria-labelledby="product-title" className="screen catalog">
      <h1 id="product-title">{t('catalog:form.newTitle')}</h1>
      <Editor product={null} />
    </section>
  );
}

export function EditProduct() {
  const { t } = useTranslation('catalog');
  const { productId } = useParams({ from: '/catalog/products/$productId' });
  const product = useQuery({ ...catalogProductQuery(productId), staleTime: 0 });
  return (
    <section aria-labelledby="product-title" className="screen catalog">
      <h1 id="product-title">{t('catalog:form.editTitle')}</h1>
      {product.data === undefined ? (
        <p>{product.isError ? t('catalog:form.loadError') : t('app.loading')}</p>
      ) : (
        <Editor key={`${product.data.id}:${String(product.data.version)}`} product={product.data} />
      )}
    </section>
  );
}
