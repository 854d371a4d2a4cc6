/**
 * The desk's camera: opened on the agent's tap (the browser asks for permission then), read a few times a second by
 * the QR detector until a code is seen, closed as soon as one is read or the agent leaves the screen.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { openCamera, qrDetector, scanIntervalMs } from './scanner.js';

type CameraState = 'idle' | 'starting' | 'scanning' | 'denied' | 'unavailable';

export function Camera({ onCode }: { onCode: (text: string) => void }) {
  const { t } = useTranslation('desk');
  const video = useRef<HTMLVideoElement>(null);
  const stream = useRef<MediaStream | null>(null);
  const timer = useRef<number | undefined>(undefined);
  const [state, setState] = useState<CameraState>('idle');

  const stop = () => {
    window.clearInterval(timer.current);
    stream.current?.getTracks().forEach((track) => track.stop());
    stream.current = null;
  };
  useEffect(() => stop, []);

  async function start(): Promise<void> {
    setState('starting');
    try {
      const [opened, detector] = await Promise.all([openCamera(), qrDetector()]);
      stream.current = opened;
      const element = video.current;
      if (element === null) return stop();
      element.srcObject = opened;
      await element.play();
      setState('scanning');
      let busy = false;
      timer.current = window.setInterval(() => {
        if (busy || element.readyState < 2) return;
        busy = true;
        detector
          .detect(element)
          .then((codes) => {
            const text = codes[0]?.rawValue;
            if (text === undefined || text === '') return;
            stop();
            setState('idle');
            onCode(text);
          })
          .catch(() => undefined)
          .finally(() => {
            busy = false;
          });
      }, scanIntervalMs);
    } catch (error) {
      stop();
      setState(error instanceof DOMException && error.name === 'NotAllowedError' ? 'denied' : 'unavailable');
    }
  }

  const scanning = state === 'scanning' || state === 'starting';
  return (
    <section className="card desk-camera" aria-labelledby="desk-camera-title">
      <h2 id="desk-camera-title">{t('desk:camera.title')}</h2>
      <video ref={video} className={scanning ? 'desk-video' : 'desk-video hidden'} muted playsInline aria-hidden />
      {scanning ? (
        <>
          <p role="status" className="muted">
            {state === 'starting' ? t('desk:camera.starting') : t('desk:camera.scanning')}
          </p>
          <button
            type="button"
            className="button secondary"
            onClick={() => {
              stop();
              setState('idle');
            }}
          >
            {t('desk:camera.stop')}
          </button>
        </>
      ) : (
        <button type="button" className="button" onClick={() => void start()}>
          {t('desk:camera.start')}
        </button>
      )}
      {state === 'denied' && (
        <p className="error" role="alert">
          {t('desk:camera.denied')}
        </p>
      )}
      {state === 'unavailable' && (
        <p className="error" role="alert">
          {t('desk:camera.unavailable')}
        </p>
      )}
    </section>
  );
}
