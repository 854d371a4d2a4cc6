/**
 * Optional photos for a request or a dispute: each picked file is checked here (format, ≤ 8 MB) then sent at once as
 * a request photo; the ids of those sent go with the form. A photo can be taken off before sending.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.js';
import { photoMaxBytes, photoTypes, uploadPhoto } from './data.js';

interface Props {
  readonly id: string;
  readonly photoIds: readonly string[];
  readonly onChange: (photoIds: string[]) => void;
  readonly max?: number;
}

export function PhotoPicker({ id, photoIds, onChange, max = 5 }: Props) {
  const { t } = useTranslation('services');
  const [sending, setSending] = useState(0);
  const [problem, setProblem] = useState<string | null>(null);
  const [names, setNames] = useState<Record<string, string>>({});

  async function add(files: FileList | null): Promise<void> {
    setProblem(null);
    const picked = [...(files ?? [])].slice(0, max - photoIds.length);
    let ids = [...photoIds];
    for (const file of picked) {
      if (!(photoTypes as readonly string[]).includes(file.type)) {
        setProblem('services:photos.badType');
        continue;
      }
      if (file.size > photoMaxBytes) {
        setProblem('services:photos.tooBig');
        continue;
      }
      setSending((n) => n + 1);
      try {
        const photoId = await uploadPhoto('request', file);
        ids = [...ids, photoId];
        setNames((n) => ({ ...n, [photoId]: file.name }));
        onChange(ids);
      } catch (error) {
        setProblem(
          error instanceof ApiError && error.status < 500 ? 'services:photos.refused' : 'services:photos.failed',
        );
      } finally {
        setSending((n) => n - 1);
      }
    }
  }

  return (
    <div className="photo-picker">
      <label htmlFor={id}>{t('services:photos.label')}</label>
      <input
        id={id}
        type="file"
        accept={photoTypes.join(',')}
        multiple
        disabled={photoIds.length >= max}
        onChange={(e) => {
          void add(e.target.files);
          e.target.value = '';
        }}
      />
      {sending > 0 ? <p aria-live="polite">{t('services:photos.sending')}</p> : null}
      {problem === null ? null : (
        <p role="alert" className="error">
          {t(problem)}
        </p>
      )}
      {photoIds.length === 0 ? null : (
        <ul className="picked-photos">
          {photoIds.map((photoId) => (
            <li key={photoId}>
              <span>{names[photoId] ?? t('services:photos.one')}</span>
              <button
                type="button"
                className="button secondary"
                onClick={() => onChange(photoIds.filter((p) => p !== photoId))}
                aria-label={t('services:photos.remove', { name: names[photoId] ?? '' })}
              >
                {t('services:photos.removeShort')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
