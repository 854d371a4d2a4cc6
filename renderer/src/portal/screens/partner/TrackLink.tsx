/** A GPS tracker's link to its track screen (issue 28.7), beside the tracker in its hub's card. */
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';

export function TrackLink({ device }: { readonly device: { readonly deviceId: string; readonly name: string } }) {
  const { t } = useTranslation('partner');
  return (
    <Link to="/partner/devices/$deviceId/track" params={{ deviceId: device.deviceId }} className="small">
      {t('partner:deviceTrack.showTrack', { name: device.name })}
    </Link>
  );
}
