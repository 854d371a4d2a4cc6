/** The "Nouvelle version disponible" prompt: the new version loads only when the person says so. */
import { useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { dismissUpdate, onUpdateChange, pendingUpdate } from '../pwa.js';

export function UpdatePrompt() {
  const { t } = useTranslation();
  const update = useSyncExternalStore(onUpdateChange, pendingUpdate);
  if (update === null) return null;
  return (
    <div className="update" role="status">
      <p>{t('update.available')}</p>
      <button type="button" className="button" onClick={() => void update()}>
        {t('update.reload')}
      </button>
      <button type="button" className="button secondary" onClick={dismissUpdate}>
        {t('update.later')}
      </button>
    </div>
  );
}
