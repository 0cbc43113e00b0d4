/**
 * Streaming upload and download of local files: Put Blob up to 64 MiB, else 4 MiB blocks + Put Block List;
 * downloads in ranges (the first one `bytes=0-33554431`, as azure-storage-blob asks) written straight to the file.
 */
import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { once } from 'node:events';
import { Transform, type Readable } from 'node:stream';
import { CliError } from '../../errors.js';
import type { BlobDataClient } from './blob-client.js';
import { BlobServiceError } from './blob-errors.js';
import { encodeXml } from './blob-xml.js';
import { PROGRESS_THRESHOLD, transferProgress } from './transfer-progress.js';

export const MiB = 1024 * 1024;
export const MAX_SINGLE_PUT = 64 * MiB;
export const BLOCK_SIZE = 4 * MiB;
export const FIRST_GET_RANGE = 32 * MiB;
export const GET_CHUNK = 4 * MiB;

const MIME: Record<string, string> = {
  '.txt': 'text/plain',
  '.json': 'application/json',
  '.csv': 'text/csv',
  '.html': 'text/html',
  '.htm': 'text/html',
  '.xml': 'text/xml',
  '.js': 'application/javascript',
  '.py': 'text/x-python',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.pdf': 'application/pdf',
  '.zip': 'application/zip',
  '.gz': 'application/gzip',
  '.tar': 'application/x-tar',
  '.md': 'text/markdown',
};

/** Python's mimetypes.guess_type for common extensions (az sets the blob's content type from it). */
export function guessContentType(file: string): string {
  const m = /\.[^./\\]+$/.exec(file.toLowerCase());
  return (m && MIME[m[0]]) || 'application/octet-stream';
}

export interface UploadOptions {
  overwrite: boolean;
  contentType?: string;
  stderr?: (text: string) => void;
}

/** Passes `stream` through, reporting bytes as they are consumed (no data is read before the consumer asks). */
function countingStream(stream: Readable, onBytes: (n: number) => void): Readable {
  const counter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      onBytes(chunk.length);
      cb(null, chunk);
    },
  });
  stream.on('error', (e) => counter.destroy(e));
  return stream.pipe(counter);
}

/** Uploads `file` to `container/blob`; returns the headers of the request that created the blob. */
export async function uploadFile(client: BlobDataClient, container: string, blob: string, file: string, opts: UploadOptions): Promise<Record<string, string>> {
  let size: number;
  try {
    const st = statSync(file);
    if (!st.isFile()) throw new CliError(`${file} is not a file.`);
    size = st.size;
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(`[Errno 2] No such file or directory: '${file}'`);
  }
  const contentType = opts.contentType ?? guessContentType(file);
  const conditions: Record<string, string> = opts.overwrite ? {} : { 'If-None-Match': '*' };
  const progress = transferProgress(size, opts.stderr ?? (() => {}), !!opts.stderr && size >= PROGRESS_THRESHOLD);
  let done = 0;
  const tick = (n: number) => progress.update((done += n));
  if (size <= MAX_SINGLE_PUT) {
    const res = await client.call('PUT', {
      container,
      blob,
      headers: { 'x-ms-blob-type': 'BlockBlob', 'Content-Type': contentType, 'Content-Length': String(size), ...conditions },
      body: size === 0 ? Buffer.alloc(0) : countingStream(createReadStream(file), tick),
    });
    await res.body.text();
    progress.finish();
    return res.headers;
  }
  if (!opts.overwrite) {
    const head = await client.call('HEAD', { container, blob, ok: [200, 404] });
    await head.body.text();
    if (head.status === 200) throw new BlobServiceError(409, 'BlobAlreadyExists', 'The specified blob already exists. ErrorCode:BlobAlreadyExists');
  }
  const ids: string[] = [];
  for (let offset = 0, i = 0; offset < size; offset += BLOCK_SIZE, i += 1) {
    const length = Math.min(BLOCK_SIZE, size - offset);
    const id = Buffer.from(String(i).padStart(32, '0')).toString('base64');
    ids.push(id);
    const res = await client.call('PUT', {
      container,
      blob,
      query: { comp: 'block', blockid: id },
      headers: { 'Content-Length': String(length) },
      body: countingStream(createReadStream(file, { start: offset, end: offset + length - 1 }), tick),
    });
    await res.body.text();
  }
  const xml = `<?xml version="1.0" encoding="utf-8"?>\n<BlockList>${ids.map((id) => `<Latest>${encodeXml(id)}</Latest>`).join('')}</BlockList>`;
  const res = await client.call('PUT', {
    container,
    blob,
    query: { comp: 'blocklist' },
    headers: { 'x-ms-blob-content-type': contentType, 'Content-Type': 'application/xml; charset=utf-8', ...conditions },
    body: xml,
  });
  await res.body.text();
  progress.finish();
  return res.headers;
}

/** Downloads `container/blob` into `file`; returns the first response's headers (properties). */
export async function downloadToFile(
  client: BlobDataClient,
  container: string,
  blob: string,
  file: string,
  stderr?: (text: string) => void,
): Promise<Record<string, string>> {
  let first = await client.call('GET', { container, blob, headers: { 'x-ms-range': `bytes=0-${FIRST_GET_RANGE - 1}` }, ok: [200, 206, 416] });
  if (first.status === 416) {
    await first.body.text();
    first = await client.call('GET', { container, blob });
  }
  const headers = first.headers;
  const total = Number((headers['content-range'] ?? '').split('/')[1] ?? headers['content-length'] ?? 0) || 0;
  const out = createWriteStream(file);
  const progress = transferProgress(total, stderr ?? (() => {}), !!stderr && total >= PROGRESS_THRESHOLD);
  let written = 0;
  const pump = async (body: Readable) => {
    for await (const chunk of body) {
      if (!out.write(chunk)) await once(out, 'drain');
      written += (chunk as Buffer).length;
      progress.update(written);
    }
  };
  try {
    await pump(first.body);
    const etag = headers.etag;
    while (written < total) {
      const end = Math.min(written + GET_CHUNK, total) - 1;
      const res = await client.call('GET', {
        container,
        blob,
        headers: { 'x-ms-range': `bytes=${written}-${end}`, ...(etag ? { 'If-Match': etag } : {}) },
      });
      await pump(res.body);
    }
  } finally {
    out.end();
    await once(out, 'close');
  }
  progress.finish();
  return headers;
}
