/**
 * A refusal from the cloud in clear words: its own French message when it gave one (written for users: an amount
 * above what is left, a date too far), else the words kept for its code.
 */
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.js';

export function Refusal({ error }: { error: unknown }) {
  const { t, i18n } = useTranslation('debt');
  if (error === null || error === undefined) return null;
  const detail = error instanceof ApiError ? (error as ApiError & { detail?: string }).detail : undefined;
  const code = error instanceof ApiError ? error.code : 'NETWORK';
  return (
    <p role="alert" className="error">
      {i18n.language !== 'en' && detail !== undefined
        ? detail
        : t(`debt:errors.${code}`, { defaultValue: t('debt:errors.other') })}
    </p>
  );
}
