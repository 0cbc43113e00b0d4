/** Reads a request body into memory with a size limit (streaming uploads never use this). */
import type { IncomingMessage } from 'node:http';
import { ApiError } from '../shared/errors.js';

export const DEFAULT_MAX_BODY = 4 * 1024 * 1024;

export function readBody(req: IncomingMessage, maxBytes = DEFAULT_MAX_BODY): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.reject(tooLarge(maxBytes));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    const onData = (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > maxBytes) {
        failed = true;
        reject(tooLarge(maxBytes));
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => {
      if (!failed) resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
    });
    req.once('error', (err) => {
      if (!failed) reject(err);
      failed = true;
    });
    req.once('aborted', () => {
      if (!failed) reject(new ApiError(400, 'RequestAborted', 'The client closed the connection before sending the whole request body.'));
      failed = true;
    });
  });
}

function tooLarge(max: number): ApiError {
  return new ApiError(413, 'RequestEntityTooLarge', `The request content is larger than the maximum of ${max} bytes allowed for this operation.`);
}
