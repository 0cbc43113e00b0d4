/** How Python's str() renders a JSON value (tsv and table cells). */
export function pythonStr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isInteger(value) || !Number.isFinite(value) ? String(value) : pythonFloat(value);
  return JSON.stringify(value);
}

function pythonFloat(n: number): string {
  const s = String(n);
  if (!s.includes('e')) return s;
  const [mant, exp] = s.split('e');
  const e = Number(exp);
  return `${mant}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
}
