/**
 * Names in the Distribution API: repository names (lower-case path components, `pytorch/pytorch`), tags, and the
 * parse of the path after `/v2/` (the repository name has slashes, so the route suffix is matched from the end).
 */

/** Path components separated by `/`, each `[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*` (distribution spec). */
export const REPOSITORY_NAME = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*$/;
export const TAG = /^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$/;
/** ACR's limit on a repository name. */
export const MAX_REPOSITORY_NAME = 256;

export function isRepositoryName(name: string): boolean {
  return name.length <= MAX_REPOSITORY_NAME && REPOSITORY_NAME.test(name);
}

export function isTag(tag: string): boolean {
  return TAG.test(tag);
}

export type OciRoute =
  | { kind: 'catalog' }
  | { kind: 'tags'; name: string }
  | { kind: 'manifest'; name: string; reference: string }
  | { kind: 'uploadStart'; name: string }
  | { kind: 'upload'; name: string; uuid: string }
  | { kind: 'blob'; name: string; digest: string }
  | { kind: 'referrers'; name: string; digest: string };

const SUFFIXES: Array<[RegExp, (m: RegExpExecArray) => OciRoute]> = [
  [/^(.+)\/tags\/list$/, (m) => ({ kind: 'tags', name: m[1] })],
  [/^(.+)\/manifests\/([^/]+)$/, (m) => ({ kind: 'manifest', name: m[1], reference: m[2] })],
  [/^(.+)\/blobs\/uploads$/, (m) => ({ kind: 'uploadStart', name: m[1] })],
  [/^(.+)\/blobs\/uploads\/([^/]+)$/, (m) => ({ kind: 'upload', name: m[1], uuid: m[2] })],
  [/^(.+)\/blobs\/([^/]+)$/, (m) => ({ kind: 'blob', name: m[1], digest: m[2] })],
  [/^(.+)\/referrers\/([^/]+)$/, (m) => ({ kind: 'referrers', name: m[1], digest: m[2] })],
];

/** What `/v2/<rest>` addresses (rest without leading or trailing slashes), or undefined. */
export function parseOciPath(rest: string): OciRoute | undefined {
  const r = rest.replace(/^\/+|\/+$/g, '');
  if (r === '_catalog') return { kind: 'catalog' };
  for (const [re, make] of SUFFIXES) {
    const m = re.exec(r);
    if (m) return make(m);
  }
  return undefined;
}

export type AcrRoute = { kind: 'acrTags'; name: string };

/** What `/acr/v1/<rest>` addresses (the ACR metadata API subset az uses), or undefined. */
export function parseAcrPath(rest: string): AcrRoute | undefined {
  const r = rest.replace(/^\/+|\/+$/g, '');
  const m = /^(.+)\/_tags$/.exec(r);
  return m ? { kind: 'acrTags', name: m[1] } : undefined;
}
