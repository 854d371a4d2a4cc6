/**
 * A drawn portrait for demo accounts (demo mode only): their KYC photo, so their cards carry a
 * photo hash and the counter's card desk has a face to show. Drawn, not a real person.
 */
import { createCanvas } from '@napi-rs/canvas';

export async function demoPortrait(initials: string, hue: number): Promise<Buffer> {
  const canvas = createCanvas(240, 300);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = `hsl(${String(hue)}, 45%, 88%)`;
  ctx.fillRect(0, 0, 240, 300);
  ctx.fillStyle = `hsl(${String(hue)}, 35%, 35%)`;
  // Shoulders, then the head.
  ctx.beginPath();
  ctx.ellipse(120, 300, 105, 80, 0, Math.PI, 2 * Math.PI);
  ctx.fill();
  ctx.beginPath();
  ctx.arc(120, 125, 62, 0, 2 * Math.PI);
  ctx.fill();
  ctx.fillStyle = '#ffffff';
  ctx.font = 'bold 44px sans-serif';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText(initials.slice(0, 3), 120, 128);
  return canvas.encode('png');
}
