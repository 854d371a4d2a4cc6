/**
 * One sealed KYC document, fetched only when the admin asks to see it (each read is audited by the cloud). Images
 * show inline (as a data: address: the portal's policy allows no blob: images); a PDF is offered as a download.
 * Nothing is cached: the bytes leave memory with the screen.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchKycDocument, type KycDocument } from './data.js';
import { adminErrorText } from './errors.js';

type Shown = { kind: 'image'; url: string } | { kind: 'file'; url: string } | { kind: 'error'; text: string };

const dataUrlOf = (blob: Blob): Promise<string> =>
  new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(typeof reader.result === 'string' ? reader.result : '');
    reader.onerror = () => reject(reader.error ?? new Error('unreadable'));
    reader.readAsDataURL(blob);
  });

export function DocumentViewer({ caseId, document }: { caseId: string; document: KycDocument }) {
  const { t } = useTranslation('admin');
  const [shown, setShown] = useState<Shown | null>(null);
  const [loading, setLoading] = useState(false);
  const kindName = t(`admin:kyc.kinds.${document.kind}`, { defaultValue: document.kind });

  useEffect(
    () => () => {
      if (shown?.kind === 'file') URL.revokeObjectURL(shown.url);
    },
    [shown],
  );

  async function open(): Promise<void> {
    setLoading(true);
    try {
      const blob = await fetchKycDocument(caseId, document.documentId);
      setShown(
        document.contentType.startsWith('image/')
          ? { kind: 'image', url: await dataUrlOf(blob) }
          : { kind: 'file', url: URL.createObjectURL(blob) },
      );
    } catch (error) {
      setShown({ kind: 'error', text: adminErrorText(t, error) });
    } finally {
      setLoading(false);
    }
  }

  return (
    <li className="card admin-document" data-testid={`document-${document.kind}`}>
      <h3>{kindName}</h3>
      {shown === null && (
        <button
          type="button"
          className="button secondary"
          onClick={() => void open()}
          disabled={loading}
          aria-busy={loading}
        >
          {t('admin:kyc.view', { kind: kindName })}
        </button>
      )}
      {shown?.kind === 'image' && <img src={shown.url} alt={t('admin:kyc.imageAlt', { kind: kindName })} />}
      {shown?.kind === 'file' && (
        <a className="button secondary" href={shown.url} download={`${document.kind}.pdf`}>
          {t('admin:kyc.download', { kind: kindName })}
        </a>
      )}
      {shown?.kind === 'error' && (
        <p className="error" role="alert">
          {shown.text}
        </p>
      )}
      <p className="muted hint">{t('admin:kyc.audited')}</p>
    </li>
  );
}
