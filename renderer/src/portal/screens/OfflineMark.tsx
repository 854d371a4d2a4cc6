/**
 * Says that what is shown is the last known copy, and from when ("Hors ligne · mis à jour à
 * 14:05"), whenever the device is offline or the last read failed.
 */
import { useTranslation } from 'react-i18next';
import { formatTime } from '../../common/format.js';
import { useOnline } from '../online.js';

export function OfflineMark({ updatedAtMs, failed }: { updatedAtMs: number; failed: boolean }) {
  const { t, i18n } = useTranslation();
  const online = useOnline();
  if (online && !failed) return null;
  return (
    <p className="offline-mark" data-testid="offline-mark">
      {updatedAtMs === 0
        ? t('offline.never')
        : t('offline.mark', { time: formatTime(new Date(updatedAtMs).toISOString(), i18n.language) })}
    </p>
  );
}
