/**
 * The card as printed, to download: the cloud draws the PDF and the 600 dpi PNG with the same
 * renderers as the operator's export (so the file matches the printed card, and no PDF or QR
 * library ships to the phone); the file is fetched with the session and saved by the browser.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { useOnline } from '../../online.js';

export function Downloads({ ismailId }: { readonly ismailId: string }) {
  const { t } = useTranslation('card');
  const [busy, setBusy] = useState<'pdf' | 'png' | null>(null);
  const [failed, setFailed] = useState(false);
  // The files are drawn by the cloud: offline there is nothing to fetch.
  const online = useOnline();

  async function download(format: 'pdf' | 'png'): Promise<void> {
    setBusy(format);
    setFailed(false);
    try {
      const { data } = await api.GET('/v1/cards/mine/export', { params: { query: { format } }, parseAs: 'blob' });
      if (data === undefined) throw new Error('refused');
      const url = URL.createObjectURL(data);
      const link = document.createElement('a');
      link.href = url;
      link.download = `carte-ismail-${ismailId}.${format}`;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch {
      setFailed(true);
    } finally {
      setBusy(null);
    }
  }

  return (
    <section className="card" aria-labelledby="card-download-title">
      <h2 id="card-download-title" className="small-title">
        {t('card:download.title')}
      </h2>
      <div className="download-buttons">
        {(['pdf', 'png'] as const).map((format) => (
          <button
            key={format}
            type="button"
            className="button secondary"
            disabled={busy !== null || !online}
            onClick={() => void download(format)}
          >
            {busy === format ? t('card:download.busy') : t(`card:download.${format}`)}
          </button>
        ))}
      </div>
      {failed && (
        <p className="error" role="alert">
          {t('card:download.failed')}
        </p>
      )}
    </section>
  );
}
