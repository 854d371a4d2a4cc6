/**
 * Shares a product or a booking listing by its share link (/s/p/:id, /s/l/:id), which messaging
 * apps preview as a card: the phone's own share sheet (Web Share API) when it has one, else the
 * link is copied (or shown to copy by hand), plus a direct WhatsApp link, the app most people
 * here share with. For the shop's product page and the booking listing page.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import '../../styles/social.css';

export interface ShareButtonProps {
  readonly kind: 'product' | 'listing';
  readonly id: string;
  /** The product's or listing's name, given to the share sheet. */
  readonly title: string;
}

export const shareUrlOf = (kind: ShareButtonProps['kind'], id: string): string =>
  `${window.location.origin}/s/${kind === 'product' ? 'p' : 'l'}/${encodeURIComponent(id)}`;

export function ShareButton({ kind, id, title }: ShareButtonProps) {
  const { t } = useTranslation('social');
  const [state, setState] = useState<'idle' | 'copied' | 'manual'>('idle');
  const url = shareUrlOf(kind, id);

  async function share(): Promise<void> {
    if (typeof navigator.share === 'function') {
      // A person closing the share sheet is not an error.
      await navigator.share({ title, url }).catch(() => undefined);
      return;
    }
    try {
      await navigator.clipboard.writeText(url);
      setState('copied');
    } catch {
      setState('manual');
    }
  }

  const whatsapp = `https://wa.me/?text=${encodeURIComponent(`${title} ${url}`)}`;
  return (
    <div className="social-share">
      <button type="button" className="button secondary" onClick={() => void share()}>
        {t('social:share.button')}
      </button>
      <a className="social-whatsapp" href={whatsapp} target="_blank" rel="noopener noreferrer">
        {t('social:share.whatsapp')}
      </a>
      <p role="status" className="social-notice">
        {state === 'copied' ? t('social:share.copied') : ''}
      </p>
      {state === 'manual' && (
        <>
          <label htmlFor={`share-${id}`}>{t('social:share.copyByHand')}</label>
          <input id={`share-${id}`} readOnly value={url} onFocus={(event) => event.target.select()} />
        </>
      )}
    </div>
  );
}
