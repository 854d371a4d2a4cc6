/** A listing's state as a chip ("Publiée", "En vérification"…), coloured by what it means for the owner. */
import { useTranslation } from 'react-i18next';
import type { ListingStatus } from './types.js';

export function StatusChip({ status }: { status: ListingStatus }) {
  const { t } = useTranslation('real-estate-owner');
  return <span className={`reo-chip reo-chip-${status}`}>{t(`real-estate-owner:status.${status}`)}</span>;
}
