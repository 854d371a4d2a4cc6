/**
 * A signature drawn with a finger, a pen or a mouse (pointer events) on a white canvas, with "Effacer". Whoever cannot
 * draw (keyboard, screen reader) signs with the typed name alone: the name is then written into the canvas, so the
 * cloud always gets an image. The canvas is a complement: the typed name is the signature's accessible part.
 */
import { forwardRef, useImperativeHandle, useRef, useState, type PointerEvent } from 'react';
import { useTranslation } from 'react-i18next';

export interface SignaturePadHandle {
  /** The signature as PNG in base64 (no data: prefix): the drawing, or the typed name written in if none. */
  pngBase64(typedName: string): string;
}

const width = 600;
const height = 200;

export const SignaturePad = forwardRef<SignaturePadHandle>(function SignaturePad(_props, handle) {
  const { t } = useTranslation('real-estate');
  const canvas = useRef<HTMLCanvasElement>(null);
  const last = useRef<{ x: number; y: number } | null>(null);
  const [drawn, setDrawn] = useState(false);

  const context = (): CanvasRenderingContext2D | null => canvas.current?.getContext('2d') ?? null;
  const clear = (): void => {
    const ctx = context();
    if (ctx === null) return;
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, width, height);
    setDrawn(false);
  };
  const point = (event: PointerEvent<HTMLCanvasElement>): { x: number; y: number } => {
    const box = event.currentTarget.getBoundingClientRect();
    return {
      x: ((event.clientX - box.left) * width) / box.width,
      y: ((event.clientY - box.top) * height) / box.height,
    };
  };

  useImperativeHandle(handle, () => ({
    pngBase64(typedName: string): string {
      const ctx = context();
      if (ctx === null || canvas.current === null) return '';
      if (!drawn) {
        ctx.fillStyle = '#ffffff';
        ctx.fillRect(0, 0, width, height);
        ctx.fillStyle = '#10213d';
        ctx.font = 'italic 48px Georgia, serif';
        ctx.textBaseline = 'middle';
        ctx.fillText(typedName, 24, height / 2, width - 48);
      }
      return canvas.current.toDataURL('image/png').split(',')[1] ?? '';
    },
  }));

  return (
    <div className="re-signature">
      <canvas
        ref={(element) => {
          canvas.current = element;
          // White first: a transparent PNG would read as black in some viewers.
          if (element !== null && !drawn) {
            const ctx = element.getContext('2d');
            if (ctx !== null && element.dataset.ready !== 'true') {
              ctx.fillStyle = '#ffffff';
              ctx.fillRect(0, 0, width, height);
              element.dataset.ready = 'true';
            }
          }
        }}
        width={width}
        height={height}
        className="re-signature-pad"
        role="img"
        aria-label={t('real-estate:sign.pad')}
        data-testid="signature-pad"
        onPointerDown={(event) => {
          event.currentTarget.setPointerCapture(event.pointerId);
          last.current = point(event);
        }}
        onPointerMove={(event) => {
          const ctx = context();
          if (last.current === null || ctx === null) return;
          const next = point(event);
          ctx.strokeStyle = '#10213d';
          ctx.lineWidth = 4;
          ctx.lineCap = 'round';
          ctx.beginPath();
          ctx.moveTo(last.current.x, last.current.y);
          ctx.lineTo(next.x, next.y);
          ctx.stroke();
          last.current = next;
          setDrawn(true);
        }}
        onPointerUp={() => {
          last.current = null;
        }}
        onPointerCancel={() => {
          last.current = null;
        }}
      />
      <p className="muted">{drawn ? t('real-estate:sign.drawn') : t('real-estate:sign.typedFallback')}</p>
      <button type="button" className="button secondary" onClick={clear}>
        {t('real-estate:sign.clear')}
      </button>
    </div>
  );
});
