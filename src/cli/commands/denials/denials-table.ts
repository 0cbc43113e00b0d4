/**
 * `cerulean denials -o table`: one row per denial — Time (local), Principal, Action, Scope, Explanation
 * (truncated) and the first suggested role with its scope.
 */

export const EXPLANATION_WIDTH = 80;

const pad = (n: number) => String(n).padStart(2, '0');

/** `YYYY-MM-DD HH:MM:SS` in the local time zone ('' for an unparsable time). */
export function localTime(iso: unknown): string {
  const ms = typeof iso === 'string' ? Date.parse(iso) : Number.NaN;
  if (Number.isNaN(ms)) return '';
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export function truncate(text: string, width: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= width ? flat : `${flat.slice(0, width - 1)}…`;
}

type Obj = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** The table transform of the denials list (items as the ARM API returns them). */
export function denialsTable(result: unknown): Obj[] {
  const items = Array.isArray(result) ? (result as Obj[]) : [];
  return items.map((item) => {
    const p = (item?.properties ?? {}) as Obj;
    const first = (Array.isArray(p.suggestions) ? p.suggestions[0] : undefined) as Obj | undefined;
    return {
      Time: localTime(p.time),
      Principal: str(p.principalName) || str(p.principalId),
      Action: str(p.action),
      Scope: str(p.scope),
      Explanation: truncate(str(p.explanation), EXPLANATION_WIDTH),
      'Suggested role @ scope': first ? `${str(first.roleName)} @ ${str(first.scope)}` : '',
    };
  });
}
