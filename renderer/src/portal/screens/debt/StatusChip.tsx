/** A file's status in plain words ("En relance", "Payé"), coloured by how it stands. */
import { useTranslation } from 'react-i18next';
import { debtStatusKeys } from './types.js';

export function StatusChip({ status }: { status: string }) {
  const { t } = useTranslation('debt');
  const known = (debtStatusKeys as readonly string[]).includes(status) ? status : 'open';
  return <span className={`debt-status debt-status-${known}`}>{t(`debt:status.${known}`)}</span>;
}
