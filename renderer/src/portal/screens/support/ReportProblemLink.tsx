/**
 * « Signaler un problème »: the link a client's order, booking, invoice or debt-file page shows, opening a claim about
 * that object. Its words load with the support area's; until then it shows nothing rather than suspending the page.
 */
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { AboutType } from './types.js';

export function ReportProblemLink({ type, id }: { type: AboutType; id: string }) {
  const { t, ready } = useTranslation('support', { useSuspense: false });
  if (!ready) return null;
  return (
    <p>
      <Link to="/reclamations/nouvelle" search={{ type, id }} data-testid="report-problem">
        {t('support:report')}
      </Link>
    </p>
  );
}
