/**
 * Container image references as Docker and OCI tools read them: `[host[:port]/]path[:tag][@digest]`. A first
 * component without `.`, `:` or `localhost` is a Docker Hub path (`docker.io`, `library/` for one-word names).
 */
export interface ImageReference {
  /** Registry host as written, lower-cased (`docker.io` when none). */
  host: string;
  repository: string;
  tag?: string;
  digest?: string;
  /** The reference as given (trimmed). */
  text: string;
}

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;

export class ImageReferenceError extends Error {}

/** Parses an image reference; throws ImageReferenceError naming what is wrong. */
export function parseImageReference(value: string): ImageReference {
  const text = value.trim();
  if (text === '') throw new ImageReferenceError('The image reference is empty.');
  let rest = text;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) throw new ImageReferenceError(`The image reference '${text}' has an invalid digest '${digest}'.`);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) throw new ImageReferenceError(`The image reference '${text}' has an invalid tag '${tag}'.`);
  }
  const parts = rest.split('/');
  let host = 'docker.io';
  if (parts.length > 1 && (parts[0].includes('.') || parts[0].includes(':') || parts[0] === 'localhost')) {
    host = parts.shift()!.toLowerCase();
  } else if (parts.length === 1) {
    parts.unshift('library');
  }
  for (const c of parts) {
    if (!COMPONENT.test(c)) throw new ImageReferenceError(`The image reference '${text}' has an invalid repository name '${parts.join('/')}': use lower-case letters, digits and separators.`);
  }
  const out: ImageReference = { host, repository: parts.join('/'), text };
  if (tag !== undefined) out.tag = tag;
  if (digest !== undefined) out.digest = digest;
  return out;
}

/** The tag or digest to resolve (`latest` when neither is given, as Docker does). */
export function referenceOf(ref: ImageReference): string {
  return ref.digest ?? ref.tag ?? 'latest';
}

export function formatImageReference(ref: Pick<ImageReference, 'host' | 'repository' | 'tag' | 'digest'>): string {
  return `${ref.host}/${ref.repository}${ref.tag ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`;
}

/** `https://x.azurecr.io/` → `x.azurecr.io` (the host a connection target names, lower case). */
export function targetHost(target: string): string {
  return target
    .trim()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//i, '')
    .replace(/\/.*$/, '')
    .toLowerCase();
}
