// RBAC action-pattern matching: case-insensitive and anchored. Every unescaped `*` matches any run of
// characters, `\*` is a literal star, and `/*/` also matches zero segments, so
// `.../userAssignedIdentities/*/assign/action` matches `.../userAssignedIdentities/assign/action`.

const MAX_CACHE = 10_000;
const cache = new Map<string, (action: string) => boolean>();

const REGEX_SPECIAL = /[.+?^${}()|[\]\\]/;

function escapeChar(ch: string): string {
  return REGEX_SPECIAL.test(ch) ? '\\' + ch : ch;
}

/** Translates an action pattern to an anchored, case-insensitive regular expression source. */
export function actionPatternToRegexSource(pattern: string): string {
  let out = '^';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '\\' && pattern[i + 1] === '*') {
      out += '\\*';
      i++;
    } else if (ch === '*') {
      if (pattern[i - 1] === '/' && pattern[i + 1] === '/' && (i < 2 || pattern[i - 2] !== '\\')) {
        // `/*/`: the preceding `/` is already emitted; match zero or more whole segments.
        out += '(?:.*/)?';
        i++;
      } else {
        out += '.*';
      }
    } else {
      out += escapeChar(ch);
    }
  }
  return out + '$';
}

function compile(pattern: string): (action: string) => boolean {
  if (pattern === '*') return () => true;
  if (!pattern.includes('*')) {
    const lower = pattern.toLowerCase();
    return (action) => action.length === lower.length && action.toLowerCase() === lower;
  }
  const re = new RegExp(actionPatternToRegexSource(pattern), 'i');
  return (action) => re.test(action);
}

/** A compiled matcher for one pattern (cached). */
export function actionMatcher(pattern: string): (action: string) => boolean {
  let fn = cache.get(pattern);
  if (!fn) {
    if (cache.size >= MAX_CACHE) cache.clear();
    fn = compile(pattern);
    cache.set(pattern, fn);
  }
  return fn;
}

/** True when `action` matches the RBAC permission `pattern`. */
export function actionMatches(pattern: string, action: string): boolean {
  return actionMatcher(pattern)(action);
}

/** True when any pattern of `patterns` matches `action`. */
export function anyActionMatches(patterns: readonly string[], action: string): boolean {
  for (const p of patterns) if (actionMatcher(p)(action)) return true;
  return false;
}
