/**
 * A provider's portfolio: photos of past work shown on the public profile. Each file is checked here (type, 8 MB)
 * before a slow upload; the cloud re-encodes it to WebP without its EXIF (no position of the client's home leaks).
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { deletePhoto, photoMaxBytes, photoTypes, uploadPortfolioPhoto } from './data.js';
import { Photo } from './Photo.js';
import { problemText } from './problem.js';
import type { MyProfile } from './types.js';

export function Portfolio({ profile }: { profile: MyProfile }) {
  const { t, i18n } = useTranslation('provider');
  const queryClient = useQueryClient();
  const [refused, setRefused] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['provider', 'profile'] });
  const upload = useMutation({ mutationFn: uploadPortfolioPhoto, onSuccess: refresh });
  const remove = useMutation({ mutationFn: deletePhoto, onSettled: refresh });
  function picked(event: ChangeEvent<HTMLInputElement>): void {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (file === undefined) return;
    const ok = photoTypes.some((type) => type === file.type) && file.size <= photoMaxBytes;
    setRefused(!ok);
    if (ok) upload.mutate(file);
  }
  const failure = upload.error ?? remove.error;
  return (
    <section className="provider-block" aria-labelledby="portfolio-title">
      <h2 id="portfolio-title">{t('provider:portfolio.title')}</h2>
      {profile.photos.length === 0 ? <p className="muted">{t('provider:portfolio.empty')}</p> : null}
      <ul className="provider-photos" data-testid="portfolio">
        {profile.photos.map((p, i) => (
          <li key={p.id}>
            <Photo photoId={p.id} alt={p.caption ?? t('provider:portfolio.alt', { n: i + 1 })} />
            <button
              type="button"
              className="button secondary"
              disabled={remove.isPending}
              onClick={() => remove.mutate(p.id)}
            >
              {t('provider:portfolio.delete', { n: i + 1 })}
            </button>
          </li>
        ))}
      </ul>
      <label htmlFor="portfolio-file">{t('provider:portfolio.add')}</label>
      <input
        id="portfolio-file"
        className="provider-file"
        type="file"
        accept={photoTypes.join(',')}
        onChange={picked}
        disabled={upload.isPending}
      />
      {upload.isPending ? <p role="status">{t('provider:portfolio.sending')}</p> : null}
      {refused ? (
        <p className="error" role="alert">
          {t('provider:portfolio.refused')}
        </p>
      ) : null}
      {failure !== null ? (
        <p className="error" role="alert">
          {problemText(t, failure, i18n.language)}
        </p>
      ) : null}
    </section>
  );
}
