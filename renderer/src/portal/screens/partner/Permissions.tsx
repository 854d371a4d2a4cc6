/** The delegated permissions as checkboxes (read is always kept: staff without it could do nothing). */
import { useTranslation } from 'react-i18next';
import { delegableActions, type Delegable } from './data.js';

export function Permissions({
  idPrefix,
  value,
  onChange,
  legend,
}: {
  readonly idPrefix: string;
  readonly value: readonly Delegable[];
  readonly onChange: (next: Delegable[]) => void;
  readonly legend: string;
}) {
  const { t } = useTranslation('partner');
  return (
    <fieldset className="partner-permissions">
      <legend>{legend}</legend>
      {delegableActions.map((action) => (
        <label key={action} htmlFor={`${idPrefix}-${action}`} className="partner-check">
          <input
            id={`${idPrefix}-${action}`}
            type="checkbox"
            checked={value.includes(action)}
            disabled={action === 'read'}
            onChange={(e) =>
              onChange(
                delegableActions.filter((a) => (a === action ? e.target.checked : a === 'read' || value.includes(a))),
              )
            }
          />
          <span>
            {t(`partner:actions.${action}`)}
            <span className="muted small"> — {t(`partner:actionHints.${action}`)}</span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}
