/** ISO 8601 durations as the deployment settings use them (`PT5S`, `PT0.5S`, `PT1M30S`, `P1DT2H`) in milliseconds. */
const DURATION = /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i;

export function isoDurationMs(value: string | undefined, fallback: number): number {
  if (!value) return fallback;
  const m = DURATION.exec(value.trim());
  if (!m || value.trim().toUpperCase() === 'P' || value.trim().toUpperCase() === 'PT') return fallback;
  const [d, h, min, s] = m.slice(1).map((x) => (x ? Number(x) : 0));
  return Math.round((((d * 24 + h) * 60 + min) * 60 + s) * 1000);
}
