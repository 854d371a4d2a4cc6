/**
 * The dynamic code's countdown: shown every second, but said to screen readers only when it
 * crosses a threshold (one minute, 30 s, 10 s), so a polite live region is not read every second.
 */
export const announceAtS = [60, 30, 10] as const;

/** The threshold crossed going from `beforeS` to `nowS` seconds left, if any. */
export function crossedThreshold(beforeS: number, nowS: number): (typeof announceAtS)[number] | null {
  for (const threshold of announceAtS) if (beforeS > threshold && nowS <= threshold) return threshold;
  return null;
}

/** "1:05" for 65 seconds. */
export function formatCountdown(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  return `${String(Math.floor(s / 60))}:${String(s % 60).padStart(2, '0')}`;
}
