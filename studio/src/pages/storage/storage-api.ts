/**
 * Storage accounts over ARM (Microsoft.Storage, 2023-05-01) and the Blob data plane with the signed-in user's
 * token (`https://storage.azure.com`): list containers, list blobs by prefix and delimiter, upload, download, delete.
 */
import { API, armGet, armList, type ArmResource } from '../../api/arm.js';
import { blobUrl, subscriptionScope } from '../../api/config.js';
import { call } from '../../api/http.js';

/** The service version every Blob request names (the platform accepts 2019-02-02 and later). */
export const BLOB_VERSION = '2025-01-05';

const BLOB_NS = 'Microsoft.Storage/storageAccounts/blobServices/containers/blobs';
export const BLOB_DATA_ACTIONS = {
  read: `${BLOB_NS}/read`,
  write: `${BLOB_NS}/write`,
  delete: `${BLOB_NS}/delete`,
} as const;

export interface AccountProps {
  creationTime?: string;
  provisioningState?: string;
  primaryEndpoints?: { blob?: string };
  primaryLocation?: string;
  accessTier?: string;
  minimumTlsVersion?: string;
  allowBlobPublicAccess?: boolean;
  allowSharedKeyAccess?: boolean;
  supportsHttpsTrafficOnly?: boolean;
  isHnsEnabled?: boolean;
}
export type StorageAccount = ArmResource<AccountProps> & { kind?: string };

const enc = encodeURIComponent;

export const accountPath = (group: string, account: string): string =>
  `${subscriptionScope()}/resourceGroups/${enc(group)}/providers/Microsoft.Storage/storageAccounts/${enc(account)}`;

export const accountHref = (group: string, account: string): string => `/storage/${enc(group)}/${enc(account)}`;
export const containerHref = (group: string, account: string, container: string, prefix?: string): string =>
  `${accountHref(group, account)}/${enc(container)}${prefix ? `?prefix=${enc(prefix)}` : ''}`;

export const listAccounts = (signal?: AbortSignal): Promise<StorageAccount[]> =>
  armList<StorageAccount>(`${subscriptionScope()}/providers/Microsoft.Storage/storageAccounts`, API.storage, signal);

export const getAccount = (group: string, account: string, signal?: AbortSignal): Promise<StorageAccount> =>
  armGet<StorageAccount>(accountPath(group, account), API.storage, signal);

/** `/{container}/{blob}` with each segment of the blob name encoded (slashes kept). */
function blobPath(container: string, name: string): string {
  return `/${enc(container)}/${name.split('/').map(enc).join('/')}`;
}

const versioned = (extra: Record<string, string> = {}): Record<string, string> => ({ 'x-ms-version': BLOB_VERSION, ...extra });

function childText(el: Element, name: string): string | undefined {
  for (const c of Array.from(el.children)) if (c.tagName === name) return c.textContent ?? undefined;
  return undefined;
}

function parseXml(text: string): Document {
  const doc = new DOMParser().parseFromString(text, 'application/xml');
  if (doc.getElementsByTagName('parsererror').length > 0) throw new Error('The Blob service returned a listing that is not valid XML.');
  return doc;
}

export interface ContainerItem {
  name: string;
  lastModified?: string;
  etag?: string;
}

/** List Containers (`GET /?comp=list`), all pages. */
export async function listContainers(account: string, signal?: AbortSignal): Promise<ContainerItem[]> {
  const out: ContainerItem[] = [];
  let marker = '';
  for (let i = 0; i < 50; i++) {
    const q = new URLSearchParams({ comp: 'list' });
    if (marker) q.set('marker', marker);
    const res = await call(blobUrl(account, `/?${q}`), { auth: 'storage', headers: versioned(), signal });
    const doc = parseXml(await res.text());
    for (const c of Array.from(doc.getElementsByTagName('Container'))) {
      const props = c.getElementsByTagName('Properties')[0];
      out.push({
        name: childText(c, 'Name') ?? '',
        lastModified: props ? isoOf(childText(props, 'Last-Modified')) : undefined,
        etag: props ? childText(props, 'Etag') : undefined,
      });
    }
    marker = doc.getElementsByTagName('NextMarker')[0]?.textContent ?? '';
    if (!marker) break;
  }
  return out;
}

export interface BlobEntry {
  kind: 'folder' | 'file';
  /** Full name (for folders, the prefix ending in `/`). */
  name: string;
  size?: number;
  lastModified?: string;
  contentType?: string;
  etag?: string;
}

function isoOf(rfc1123: string | undefined): string | undefined {
  if (!rfc1123) return undefined;
  const d = new Date(rfc1123);
  return isNaN(d.getTime()) ? rfc1123 : d.toISOString();
}

/** List Blobs with `delimiter=/` under `prefix`: folders (BlobPrefix) and files (Blob), all pages. */
export async function listBlobs(account: string, container: string, prefix: string, signal?: AbortSignal): Promise<BlobEntry[]> {
  const out: BlobEntry[] = [];
  let marker = '';
  for (let i = 0; i < 50; i++) {
    const q = new URLSearchParams({ restype: 'container', comp: 'list', delimiter: '/' });
    if (prefix) q.set('prefix', prefix);
    if (marker) q.set('marker', marker);
    const res = await call(blobUrl(account, `/${enc(container)}?${q}`), { auth: 'storage', headers: versioned(), signal });
    const doc = parseXml(await res.text());
    for (const p of Array.from(doc.getElementsByTagName('BlobPrefix'))) out.push({ kind: 'folder', name: childText(p, 'Name') ?? '' });
    for (const b of Array.from(doc.getElementsByTagName('Blob'))) {
      const props = b.getElementsByTagName('Properties')[0];
      const len = props ? childText(props, 'Content-Length') : undefined;
      out.push({
        kind: 'file',
        name: childText(b, 'Name') ?? '',
        size: len !== undefined && len !== '' ? Number(len) : undefined,
        lastModified: props ? isoOf(childText(props, 'Last-Modified')) : undefined,
        contentType: props ? childText(props, 'Content-Type') : undefined,
        etag: props ? childText(props, 'Etag') : undefined,
      });
    }
    marker = doc.getElementsByTagName('NextMarker')[0]?.textContent ?? '';
    if (!marker) break;
  }
  return out;
}

/** Put Blob (BlockBlob) of one file at `name`, with the file's content type. */
export async function uploadBlob(account: string, container: string, name: string, file: File): Promise<void> {
  await call(blobUrl(account, blobPath(container, name)), {
    method: 'PUT',
    auth: 'storage',
    headers: versioned({ 'x-ms-blob-type': 'BlockBlob', 'content-type': file.type || 'application/octet-stream' }),
    body: file,
  });
}

/** Get Blob with the user's token, handed to the browser as a download named after the blob's last segment. */
export async function downloadBlob(account: string, container: string, name: string): Promise<void> {
  const res = await call(blobUrl(account, blobPath(container, name)), { auth: 'storage', headers: versioned() });
  const data = await res.blob();
  const url = URL.createObjectURL(data);
  const a = document.createElement('a');
  a.href = url;
  a.download = name.split('/').pop() || name;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

export async function deleteBlob(account: string, container: string, name: string): Promise<void> {
  await call(blobUrl(account, blobPath(container, name)), { method: 'DELETE', auth: 'storage', headers: versioned() });
}

/** Bytes in a human unit (binary multiples). */
export function formatBytes(n: number | undefined): string {
  if (n === undefined || isNaN(n)) return '—';
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}
