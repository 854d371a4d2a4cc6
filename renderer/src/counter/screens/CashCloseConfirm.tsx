/**
 * Closing a cash session is final: the counted cash is confirmed once more against what the
 * drawer should hold, in a dialog that Escape or Annuler leaves without closing anything.
 */
import { useTranslation } from 'react-i18next';
import type { HubCashSession } from '@ismail/shared';
import { formatXof } from '../../common/format.js';

export function CloseConfirm(props: {
  readonly session: HubCashSession;
  readonly countedXof: number;
  readonly busy: boolean;
  readonly onConfirm: () => void;
  readonly onCancel: () => void;
}) {
  const { t, i18n } = useTranslation();
  const x = (amountXof: number): string => formatXof(amountXof, i18n.language);
  return (
    <div
      className="panel confirm"
      role="alertdialog"
      aria-labelledby="cash-confirm-title"
      aria-describedby="cash-confirm-text"
      data-testid="close-confirm"
      onKeyDown={(event) => {
        if (event.key === 'Escape') props.onCancel();
      }}
    >
      <h3 id="cash-confirm-title">{t('cash.confirmTitle')}</h3>
      <p id="cash-confirm-text">
        {t('cash.confirmClose', {
          number: props.session.number,
          counted: x(props.countedXof),
          expected: x(props.session.report.expectedCashXof),
        })}
      </p>
      <div className="actions">
        <button type="button" className="primary big" autoFocus disabled={props.busy} onClick={props.onConfirm}>
          {t('cash.confirmAction')}
        </button>
        <button type="button" className="big" disabled={props.busy} onClick={props.onCancel}>
          {t('cash.cancelClose')}
        </button>
      </div>
    </div>
  );
}
