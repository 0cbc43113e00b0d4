/**
 * Where a Blob request points: the account (from `{account}.blob.core.windows.net`, or the first path segment when
 * the host is an IP address or `localhost`, as with Azurite), then the container and the blob name.
 */
import { blobErrors } from './blob-errors.js';

export const BLOB_HOST = /^([a-z0-9]{3,24})\.blob\.core\.windows\.net$/;

export interface BlobAddress {
  account: string;
  container?: string;
  blob?: string;
  pathStyle: boolean;
  /** Endpoint as the client addressed it, with a trailing slash (`ServiceEndpoint` in listings). */
  serviceEndpoint: string;
  /** Encoded path after the account segment (path style), for Shared Key resource variants. */
  pathAfterAccount: string;
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    throw blobErrors.invalidUri();
  }
}

export function parseBlobAddress(host: string, origin: string, pathname: string): BlobAddress {
  const virtual = BLOB_HOST.exec(host.toLowerCase());
  let account: string;
  let rest: string;
  let serviceEndpoint: string;
  if (virtual) {
    account = virtual[1];
    rest = pathname.replace(/^\/+/, '');
    serviceEndpoint = `https://${account}.blob.core.windows.net/`;
  } else {
    const trimmed = pathname.replace(/^\/+/, '');
    const slash = trimmed.indexOf('/');
    const first = slash < 0 ? trimmed : trimmed.slice(0, slash);
    if (first === '') throw blobErrors.invalidUri();
    account = decode(first).toLowerCase();
    rest = slash < 0 ? '' : trimmed.slice(slash + 1);
    serviceEndpoint = `${origin.replace(/\/+$/, '')}/${first}/`;
  }
  const pathAfterAccount = '/' + rest;
  if (rest === '') return { account, pathStyle: !virtual, serviceEndpoint, pathAfterAccount };
  const slash = rest.indexOf('/');
  const container = decode(slash < 0 ? rest : rest.slice(0, slash));
  const blobRaw = slash < 0 ? '' : rest.slice(slash + 1);
  return {
    account,
    container: container === '' ? undefined : container,
    blob: blobRaw === '' ? undefined : decode(blobRaw),
    pathStyle: !virtual,
    serviceEndpoint,
    pathAfterAccount,
  };
}
