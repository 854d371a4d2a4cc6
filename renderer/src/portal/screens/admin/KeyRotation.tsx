/**
 * Rotating the card signing key, for levels 1 and 2: a confirmation first (every new card is signed with the new
 * key; cards signed before keep verifying, the old key stays published until they lapse).
 */
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { rotateKey } from './data.js';
import { adminErrorText } from './errors.js';

export function KeyRotation() {
  const { t } = useTranslation('admin');
  const [confirming, setConfirming] = useState(false);
  const rotate = useMutation({ mutationFn: () => rotateKey('card'), onSettled: () => setConfirming(false) });
  return (
    <section className="card admin-key" aria-labelledby="key-title">
      <h2 id="key-title">{t('admin:keys.title')}</h2>
      <p>{t('admin:keys.intro')}</p>
      {rotate.data !== undefined && (
        <p className="admin-done" role="status" data-testid="key-rotated">
          {t('admin:keys.rotated', { kid: rotate.data.activeKid })}
        </p>
      )}
      {rotate.isError && (
        <p className="error" role="alert">
          {adminErrorText(t, rotate.error)}
        </p>
      )}
      {confirming ? (
        <div role="group" aria-labelledby="key-confirm">
          <p id="key-confirm" className="admin-warning">
            {t('admin:keys.confirm')}
          </p>
          <div className="admin-actions">
            <button type="button" className="button danger" onClick={() => rotate.mutate()} disabled={rotate.isPending}>
              {t('admin:keys.confirmButton')}
            </button>
            <button type="button" className="button secondary" onClick={() => setConfirming(false)}>
              {t('admin:cancel')}
            </button>
          </div>
        </div>
      ) : (
        <button type="button" className="button secondary" onClick={() => setConfirming(true)}>
          {t('admin:keys.rotate')}
        </button>
      )}
    </section>
  );
}
