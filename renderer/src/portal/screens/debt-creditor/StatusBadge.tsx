/** A file's status in words ("En relance", "Passé en perte"…) and its warnings (a broken promise or plan). */
import { useTranslation } from 'react-i18next';
import type { DebtFile } from './types.js';

export function StatusBadge({ file }: { file: Pick<DebtFile, 'status' | 'flags'> }) {
  const { t } = useTranslation('debt-creditor');
  return (
    <span className="dc-badges">
      <span className={`dc-chip dc-chip-${file.status}`}>{t(`debt-creditor:status.${file.status}`)}</span>
      {file.flags?.promise === 'broken' ? (
        <span className="dc-chip dc-chip-warn">{t('debt-creditor:flags.promiseBroken')}</span>
      ) : null}
      {file.flags?.plan === 'broken' ? (
        <span className="dc-chip dc-chip-warn">{t('debt-creditor:flags.planBroken')}</span>
      ) : null}
    </span>
  );
}
