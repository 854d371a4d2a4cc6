/**
 * A lease's PDF (the lease or a receipt) saved on demand: fetched with the bearer token when asked, then offered as a
 * link to save (the file stays out of memory until someone wants it).
 */
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { documentUrl } from './data.js';
import { problemText } from './problem.js';

export function DocumentLink({ documentId, fileName }: { documentId: string; fileName: string }) {
  const { t, i18n } = useTranslation('real-estate-owner');
  const fetchIt = useMutation({ mutationFn: () => documentUrl(documentId) });
  if (fetchIt.data !== undefined)
    return (
      <a href={fetchIt.data} download={fileName}>
        {t('real-estate-owner:documents.save', { name: fileName })}
      </a>
    );
  return (
    <>
      <span className="reo-file-name">{fileName}</span>{' '}
      <button
        type="button"
        className="reo-link-button"
        disabled={fetchIt.isPending}
        aria-label={t('real-estate-owner:documents.getOne', { name: fileName })}
        onClick={() => fetchIt.mutate()}
      >
        {t('real-estate-owner:documents.get')}
      </button>
      {fetchIt.isError ? (
        <span className="error" role="alert">
          {problemText(t, fetchIt.error, i18n.language)}
        </span>
      ) : null}
    </>
  );
}
