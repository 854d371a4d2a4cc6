/**
 * A listing's photos: several chosen at once, each checked here (type, 8 MB) before a slow upload and sent one after
 * the other with its progress; each shown with a button to delete it. The cloud re-encodes them to WebP without their
 * EXIF (no GPS position of the owner's phone leaks).
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { deleteListingPhoto, photoMaxBytes, photoQuery, photoTypes, uploadListingPhoto } from './data.js';
import { problemText } from './problem.js';
import type { OwnerListing } from './types.js';

export function ListingPhoto({ photoId, alt }: { photoId: string; alt: string }) {
  const photo = useQuery(photoQuery(photoId, 'small'));
  return photo.data === undefined ? (
    <span className="reo-photo-empty" role="img" aria-label={alt} />
  ) : (
    <img className="reo-photo" src={photo.data} alt={alt} width={160} height={120} />
  );
}

interface Sending {
  readonly name: string;
  readonly fraction: number;
}

export function Photos({ listing }: { listing: OwnerListing }) {
  const { t, i18n } = useTranslation('real-estate-owner');
  const queryClient = useQueryClient();
  const [sending, setSending] = useState<Sending | null>(null);
  const [refused, setRefused] = useState<string[]>([]);
  const [failure, setFailure] = useState<unknown>(null);
  const [removing, setRemoving] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['real-estate', 'owner'] });

  async function picked(event: ChangeEvent<HTMLInputElement>): Promise<void> {
    const files = [...(event.target.files ?? [])];
    event.target.value = '';
    const ok = (f: File) => photoTypes.some((type) => type === f.type) && f.size <= photoMaxBytes;
    setRefused(files.filter((f) => !ok(f)).map((f) => f.name));
    setFailure(null);
    // One at a time: over 3G parallel uploads only share the same thin pipe and all finish late.
    for (const file of files.filter(ok)) {
      setSending({ name: file.name, fraction: 0 });
      try {
        await uploadListingPhoto(listing.id, file, (fraction) => setSending({ name: file.name, fraction }));
      } catch (error) {
        setFailure(error);
        break;
      } finally {
        await refresh();
      }
    }
    setSending(null);
  }

  async function remove(photoId: string): Promise<void> {
    setRemoving(photoId);
    setFailure(null);
    try {
      await deleteListingPhoto(listing.id, photoId);
    } catch (error) {
      setFailure(error);
    } finally {
      setRemoving(null);
      await refresh();
    }
  }

  return (
    <section className="card reo-block" aria-labelledby="reo-photos-title">
      <h2 id="reo-photos-title">{t('real-estate-owner:photos.title')}</h2>
      {listing.photos.length === 0 ? <p className="muted">{t('real-estate-owner:photos.empty')}</p> : null}
      <ul className="reo-photos" data-testid="photos">
        {listing.photos.map((p, i) => (
          <li key={p.id}>
            <ListingPhoto photoId={p.id} alt={t('real-estate-owner:photos.alt', { n: i + 1 })} />
            <button
              type="button"
              className="button secondary"
              disabled={removing !== null}
              onClick={() => void remove(p.id)}
            >
              {t('real-estate-owner:photos.delete', { n: i + 1 })}
            </button>
          </li>
        ))}
      </ul>
      <label htmlFor="reo-photo-files">{t('real-estate-owner:photos.add')}</label>
      <input
        id="reo-photo-files"
        className="reo-file"
        type="file"
        multiple
        accept={photoTypes.join(',')}
        disabled={sending !== null}
        onChange={(e) => void picked(e)}
      />
      {sending === null ? null : (
        <div role="status">
          <label htmlFor="reo-photo-progress">{t('real-estate-owner:photos.sending', { name: sending.name })}</label>
          <progress id="reo-photo-progress" max={100} value={Math.round(sending.fraction * 100)} />
        </div>
      )}
      {refused.length === 0 ? null : (
        <p className="error" role="alert">
          {t('real-estate-owner:photos.refused', { names: refused.join(', ') })}
        </p>
      )}
      {failure === null ? null : (
        <p className="error" role="alert">
          {problemText(t, failure, i18n.language)}
        </p>
      )}
    </section>
  );
}
