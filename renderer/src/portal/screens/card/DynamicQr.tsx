/**
 * The code to show at the counter: the dynamic QR while it is good (animated in when renewed,
 * with a visible countdown and a bar that empties), renewed by the cloud before it ends; past
 * its end (offline, or while the new one is on its way) the printed card's code, said as such.
 * Screen readers hear only the thresholds and a new code, through one polite live region.
 */
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useOnline } from '../../online.js';
import { dynamicCodeQuery, dynamicCodeUsable, type MyCard } from './card-queries.js';
import { crossedThreshold, formatCountdown } from './countdown.js';
import { QrSvg } from './QrSvg.js';

function useNowMs(everyMs: number): number {
  const [nowMs, setNowMs] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNowMs(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return nowMs;
}

export function DynamicQr({ card }: { readonly card: MyCard }) {
  const { t } = useTranslation('card');
  const online = useOnline();
  const code = useQuery({ ...dynamicCodeQuery, enabled: card.state === 'active' });
  const nowMs = useNowMs(1000);
  const [announcement, setAnnouncement] = useState('');
  const leftBefore = useRef<number | null>(null);
  const shownToken = useRef<string | null>(null);

  const data = code.data;
  const usable = dynamicCodeUsable(data, nowMs);
  const leftS = usable ? (data.usableUntilMs - nowMs) / 1000 : 0;

  // Announce a new code, and each threshold once.
  useEffect(() => {
    if (!usable) {
      leftBefore.current = null;
      return;
    }
    if (shownToken.current !== data.token) {
      if (shownToken.current !== null) setAnnouncement(t('card:qr.announce.new'));
      shownToken.current = data.token;
    } else if (leftBefore.current !== null) {
      const crossed = crossedThreshold(leftBefore.current, leftS);
      if (crossed !== null) setAnnouncement(t(`card:qr.announce.${String(crossed)}`));
    }
    leftBefore.current = leftS;
  }, [usable, data, leftS, t]);

  // Past its end and the cloud reachable: ask for the next one now (the interval may be sleeping).
  useEffect(() => {
    if (!usable && online && card.state === 'active' && !code.isFetching) void code.refetch();
  }, [usable, online, card.state, code]);

  return (
    <div className="card qr-block">
      <h2 className="small-title">{t('card:qr.title')}</h2>
      {usable ? (
        <>
          <div className="qr-frame qr-animate" key={data.token}>
            <QrSvg
              sizeModules={data.qr.sizeModules}
              modules={data.qr.modules}
              token={data.token}
              form="dynamic"
              label={t('card:qr.label')}
            />
          </div>
          <p className="muted">{t('card:qr.dynamic')}</p>
          <div className="countdown-bar" aria-hidden="true">
            <span style={{ width: `${String(Math.min(100, (leftS / data.ttlS) * 100))}%` }} />
          </div>
          <p className="countdown" data-testid="qr-countdown">
            {t('card:qr.countdown', { time: formatCountdown(leftS) })}
          </p>
        </>
      ) : (
        <>
          <div className="qr-frame">
            <QrSvg
              sizeModules={card.qr.sizeModules}
              modules={card.qr.modules}
              token={card.token}
              form="printed"
              label={t('card:qr.label')}
            />
          </div>
          <p className="notice-line" data-testid="qr-static">
            {t('card:qr.static')}
          </p>
          <p className="muted">{online ? t('card:qr.refreshing') : t('card:qr.staticHelp')}</p>
        </>
      )}
      <p className="visually-hidden" aria-live="polite" data-testid="qr-announcement">
        {announcement}
      </p>
    </div>
  );
}
