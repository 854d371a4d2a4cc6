/** A publication plan as the owner chooses it: "30 jours — 4 crédits" in the reader's language. */
import { useTranslation } from 'react-i18next';
import type { Plan } from './types.js';

export function creditsText(credits: number, language: string): string {
  return new Intl.NumberFormat(language === 'en' ? 'en-CI' : 'fr-CI', { maximumFractionDigits: 2 }).format(credits);
}

export function PlanPrice({ plan }: { plan: Plan }) {
  const { t, i18n } = useTranslation('real-estate-owner');
  return (
    <span>
      {t('real-estate-owner:plan.line', {
        label: i18n.language === 'en' ? plan.labelEn : plan.labelFr,
        days: plan.periodDays,
        credits: creditsText(plan.priceCredits, i18n.language),
      })}
    </span>
  );
}
