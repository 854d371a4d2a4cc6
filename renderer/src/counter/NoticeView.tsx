/**
 * One notice to staff, in the shell's fixed notice region: the message (a translation key and
 * its values; an unknown key reads as the generic error) and a button to close it.
 */
import { useTranslation } from 'react-i18next';
import type { Notice } from './hub-context.js';

export function NoticeView({ notice, onDismiss }: { notice: Notice; onDismiss: () => void }) {
  const { t } = useTranslation();
  return (
    <div className={`notice notice-${notice.tone}`} data-testid="notice">
      <p>{t(notice.key, { ...notice.values, defaultValue: t('errors.generic') })}</p>
      <button type="button" aria-label={t('app.dismissNotice')} onClick={onDismiss}>
        ✕
      </button>
    </div>
  );
}
