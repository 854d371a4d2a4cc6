/**
 * A product's photo on its form: the current one (if any), and a file chooser that sends a JPEG, PNG or WebP of
 * 5 MB at most; the cloud makes the small and large WebP without EXIF (GPS included) and the form shows the result.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { photoMaxBytes, photoTypes, photoUrl, uploadPhoto, type CatalogProduct } from './data.js';

export function PhotoField({ product }: { product: CatalogProduct }) {
  const { t } = useTranslation('catalog');
  const queryClient = useQueryClient();
  const [problem, setProblem] = useState<string | null>(null);
  const [shownAt, setShownAt] = useState(0);
  const send = useMutation({
    mutationFn: (file: File) => uploadPhoto(product.id, file),
    onSuccess: () => {
      setShownAt(Date.now());
      void queryClient.invalidateQueries({ queryKey: ['catalog', 'list'] });
    },
    onError: () => setProblem(t('catalog:photo.failed')),
  });
  function choose(event: ChangeEvent<HTMLInputElement>): void {
    const file = event.target.files?.[0];
    setProblem(null);
    if (file === undefined) return;
    if (!(photoTypes as readonly string[]).includes(file.type)) return setProblem(t('catalog:photo.wrongType'));
    if (file.size > photoMaxBytes) return setProblem(t('catalog:photo.tooBig'));
    send.mutate(file);
  }
  const shown = (product.hasPhoto || shownAt > 0) && product.active;
  return (
    <div className="catalog-photo">
      {shown && (
        <img
          src={`${photoUrl(product.id, 'large')}${shownAt > 0 ? `?v=${String(shownAt)}` : ''}`}
          alt={t('catalog:photo.alt', { name: product.name })}
          width={160}
          data-testid="product-photo"
        />
      )}
      <div className="catalog-field">
        <label htmlFor="product-photo">{t('catalog:photo.choose')}</label>
        <span id="product-photo-hint" className="muted catalog-hint">
          {t('catalog:photo.hint')}
        </span>
        <input
          id="product-photo"
          type="file"
          accept={photoTypes.join(',')}
          aria-describedby="product-photo-hint"
          onChange={choose}
          disabled={send.isPending}
        />
      </div>
      {send.isPending && <p role="status">{t('catalog:photo.sending')}</p>}
      {send.isSuccess && <p role="status">{t('catalog:photo.done')}</p>}
      {problem !== null && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
