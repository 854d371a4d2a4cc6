/**
 * A lease's document (the lease PDF, a rent receipt) as a download: the bytes need the bearer token, so they come
 * through the client, and are handed to the browser as a file (an object address used for a download only, not
 * shown as an image: the portal's img-src policy is not involved). The bytes' SHA-256 is compared with the one the
 * cloud keeps, so the person knows the file is the one signed.
 */
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Refusal } from './Refusal.js';
import { documentBytes, sha256Hex } from './data.js';

interface Props {
  readonly documentId: string;
  readonly fileName: string;
  readonly sha256: string | null;
  readonly label: string;
}

export function DocumentLink({ documentId, fileName, sha256, label }: Props) {
  const { t } = useTranslation('real-estate');
  const download = useMutation({
    mutationFn: async () => {
      const blob = await documentBytes(documentId);
      const hash = await sha256Hex(blob);
      const address = URL.createObjectURL(new Blob([blob], { type: 'application/pdf' }));
      const anchor = document.createElement('a');
      anchor.href = address;
      anchor.download = fileName;
      anchor.rel = 'noopener';
      document.body.append(anchor);
      anchor.click();
      anchor.remove();
      // Freed once the browser has taken the file.
      setTimeout(() => URL.revokeObjectURL(address), 60_000);
      return hash;
    },
  });
  return (
    <div className="re-document">
      <button
        type="button"
        className="button secondary"
        disabled={download.isPending}
        onClick={() => download.mutate()}
      >
        {label}
      </button>
      {download.data === undefined || sha256 === null ? null : (
        <p role="status" className={download.data === sha256 ? 're-hash-ok' : 'error'}>
          {download.data === sha256 ? t('real-estate:documents.hashMatches') : t('real-estate:documents.hashDiffers')}
        </p>
      )}
      <Refusal error={download.error} />
    </div>
  );
}
