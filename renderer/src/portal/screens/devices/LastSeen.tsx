/** When a device was last heard from, as a person says it ("vu il y a 3 minutes"), with the exact time for readers. */
import { useTranslation } from 'react-i18next';
import { formatAge, formatDateTime } from '../../../common/format.js';

export function LastSeen({ at, nowMs = Date.now() }: { readonly at: string | null; readonly nowMs?: number }) {
  const { t, i18n } = useTranslation('partner');
  if (at === null) return <>{t('partner:deviceTrack.neverSeen')}</>;
  const seconds = Math.max(0, (nowMs - Date.parse(at)) / 1000);
  return (
    <time dateTime={at} title={formatDateTime(at, i18n.language)}>
      {t('partner:deviceTrack.seen', { ago: formatAge(seconds, i18n.language) })}
    </time>
  );
}
