/**
 * The shop's other terminals, on the hub's own screen for a manager (issue 28.1): a one-time
 * pairing code with its QR (the terminal scans it or types the code), the paired terminals with
 * their invoice register, and Revoke (the terminal is refused at its next request and its
 * sessions end). Shown only on the hub's own screen: a terminal cannot pair another.
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HubPairingCode, HubTerminal } from '@ismail/shared';
import { formatDateTime } from '../../common/format.js';
import { useHub } from '../hub-context.js';

export function Terminals() {
  const { t, i18n } = useTranslation();
  const hub = useHub();
  const [code, setCode] = useState<HubPairingCode | null>(null);
  const [terminals, setTerminals] = useState<HubTerminal[] | null>(null);
  const [failed, setFailed] = useState(false);

  const load = useCallback(async (): Promise<void> => {
    const result = await hub.client.terminals();
    if (result.ok) setTerminals(result.value.terminals);
  }, [hub.client]);
  useEffect(() => void load(), [load]);

  const makeCode = async (): Promise<void> => {
    const result = await hub.client.pairingCode();
    setFailed(!result.ok);
    setCode(result.ok ? result.value : null);
  };
  const revoke = async (terminal: HubTerminal): Promise<void> => {
    const result = await hub.client.revokeTerminal(terminal.id);
    hub.notify(
      result.ok
        ? { tone: 'ok', key: 'terminals.revoked', values: { label: terminal.label } }
        : { tone: 'error', key: `errors.${result.error.code}` },
    );
    await load();
  };

  return (
    <div className="panel terminals" aria-labelledby="terminals-title">
      <h3 id="terminals-title">{t('terminals.title')}</h3>
      <p className="hint">{t('terminals.intro')}</p>
      <button type="button" onClick={() => void makeCode()}>
        {t('terminals.newCode')}
      </button>
      {failed && (
        <p role="alert" className="notice notice-error">
          {t('errors.generic')}
        </p>
      )}
      {code !== null && (
        <div className="pairing-code" data-testid="pairing-code">
          <p>
            {t('terminals.codeIs')}{' '}
            <strong className="code" aria-label={code.code.split('').join(' ')}>
              {code.code.slice(0, 4)} {code.code.slice(4)}
            </strong>
          </p>
          <p className="hint">{t('terminals.codeExpires', { at: formatDateTime(code.expiresAt, i18n.language) })}</p>
          {code.qrSvg !== null && code.pairUrl !== null && (
            <>
              <img
                className="qr"
                width={192}
                height={192}
                src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(code.qrSvg)}`}
                alt={t('terminals.qrAlt', { url: code.pairUrl })}
              />
              <p className="hint">{code.pairUrl}</p>
            </>
          )}
          {code.pairUrl === null && <p className="hint">{t('terminals.lanOff')}</p>}
        </div>
      )}
      {terminals !== null && terminals.length > 0 && (
        <table>
          <caption className="visually-hidden">{t('terminals.listCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('terminals.number')}</th>
              <th scope="col">{t('terminals.label')}</th>
              <th scope="col">{t('terminals.register')}</th>
              <th scope="col">{t('terminals.state')}</th>
            </tr>
          </thead>
          <tbody>
            {terminals.map((terminal) => (
              <tr key={terminal.id}>
                <td>{terminal.number}</td>
                <td>{terminal.label}</td>
                <td>{terminal.register ?? '—'}</td>
                <td>
                  {terminal.revokedAt !== null ? (
                    t('terminals.revokedAt', { at: formatDateTime(terminal.revokedAt, i18n.language) })
                  ) : (
                    <button type="button" onClick={() => void revoke(terminal)}>
                      {t('terminals.revoke', { label: terminal.label })}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
