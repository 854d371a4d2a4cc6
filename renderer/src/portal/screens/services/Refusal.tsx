/**
 * A refusal from the cloud in clear words: the cloud's own French message when it gave one (its AppError messages are
 * written for users, and say which rule refused: an expired quote, a taken slot), else the words kept for its code.
 */
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.js';

export function Refusal({ error }: { error: unknown }) {
  const { t, i18n } = useTranslation('services');
  if (!(error instanceof ApiError)) return null;
  const detail = (error as ApiError & { detail?: string }).detail;
  return (
    <p role="alert" className="error">
      {i18n.language !== 'en' && detail !== undefined
        ? detail
        : t(`services:errors.${error.code}`, { defaultValue: t('services:errors.other') })}
    </p>
  );
}
