/**
 * A GPS tracker's last 24 hours (lazy, issue 28.7): when its hub last heard from it ("vu il y a 3 minutes"), its track
 * on a map (its own lazy chunk), and the last positions as a table (time, latitude, longitude, speed) for screen
 * readers and slow connections, newest first.
 */
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { OfflineMark } from '../OfflineMark.js';
import { LastSeen } from './LastSeen.js';
import { trackQuery } from './data.js';
import './device-track.css';

const TrackMap = lazy(() => import('./TrackMap.js'));

/** Rows in the table: the newest positions (the map shows them all). */
const tableRowsMax = 50;

export function DeviceTrack() {
  const { t, i18n } = useTranslation('partner');
  const { deviceId } = useParams({ from: '/partner/devices/$deviceId/track' });
  const track = useQuery(trackQuery(deviceId));
  const language = i18n.language;
  const coordinate = new Intl.NumberFormat(language === 'en' ? 'en-GB' : 'fr-CI', { maximumFractionDigits: 5 });
  const speed = new Intl.NumberFormat(language === 'en' ? 'en-GB' : 'fr-CI', { maximumFractionDigits: 0 });
  // Short times so the four columns fit a 360 px phone: the hour today, the day and hour before (24 h at most).
  const today = new Date().toDateString();
  const hour = new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'fr-CI', { hour: '2-digit', minute: '2-digit' });
  const dayHour = new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'fr-CI', {
    day: '2-digit',
    month: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  });
  const when = (iso: string): string =>
    new Date(iso).toDateString() === today ? hour.format(new Date(iso)) : dayHour.format(new Date(iso));
  const data = track.data;
  const newest = data === undefined ? [] : [...data.points].reverse().slice(0, tableRowsMax);
  return (
    <section aria-labelledby="track-title" className="screen partner device-track">
      <p>
        <Link to="/partner/hubs">{t('partner:deviceTrack.back')}</Link>
      </p>
      <h1 id="track-title">{data === undefined ? t('partner:deviceTrack.title') : data.device.name}</h1>
      <OfflineMark updatedAtMs={track.dataUpdatedAt} failed={track.isError} />
      {data === undefined ? (
        <p>{track.isError ? t('partner:deviceTrack.error') : t('app.loading')}</p>
      ) : (
        <>
          <p data-testid="track-last-seen">
            <LastSeen at={data.device.lastSeenAt} />
          </p>
          <p className="muted">
            {data.downsampled
              ? t('partner:deviceTrack.summaryThinned', { count: data.total, shown: data.points.length })
              : t(data.total === 1 ? 'partner:deviceTrack.summaryOne' : 'partner:deviceTrack.summary', {
                  count: data.total,
                })}
          </p>
          {data.points.length === 0 ? (
            <p>{t('partner:deviceTrack.empty')}</p>
          ) : (
            <>
              <Suspense fallback={<div className="track-map track-map-loading" aria-hidden="true" />}>
                <TrackMap points={data.points} attribution={t('partner:deviceTrack.attribution')} />
              </Suspense>
              {/* Scrolls sideways on a narrow phone: focusable so a keyboard can scroll it too. */}
              <div
                className="track-table-wrap"
                role="region"
                tabIndex={0}
                aria-label={t(
                  newest.length === 1 ? 'partner:deviceTrack.tableCaptionOne' : 'partner:deviceTrack.tableCaption',
                  {
                    count: newest.length,
                  },
                )}
              >
                <table className="track-table" data-testid="track-table">
                  <caption>
                    {t(
                      newest.length === 1 ? 'partner:deviceTrack.tableCaptionOne' : 'partner:deviceTrack.tableCaption',
                      {
                        count: newest.length,
                      },
                    )}
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('partner:deviceTrack.at')}</th>
                      <th scope="col">
                        <abbr title={t('partner:deviceTrack.lat')}>{t('partner:deviceTrack.latShort')}</abbr>
                      </th>
                      <th scope="col">
                        <abbr title={t('partner:deviceTrack.lon')}>{t('partner:deviceTrack.lonShort')}</abbr>
                      </th>
                      <th scope="col">{t('partner:deviceTrack.speed')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {newest.map((p) => (
                      <tr key={p.at}>
                        <td>
                          <time dateTime={p.at}>{when(p.at)}</time>
                        </td>
                        <td>{coordinate.format(p.lat)}</td>
                        <td>{coordinate.format(p.lon)}</td>
                        <td>
                          {p.speedKmh === null
                            ? t('partner:deviceTrack.noSpeed')
                            : t('partner:deviceTrack.kmh', { speed: speed.format(p.speedKmh) })}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
        </>
      )}
    </section>
  );
}
