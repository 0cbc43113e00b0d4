/** Reads a request body into memory with a size limit (streaming uploads never use this). */
import type { IncomingMessage } from 'node:http';
import { ApiError } from '../shared/errors.js';

export const DEFAULT_MAX_BODY = 4 * 1024 * 1024;

export async function readBody(req: IncomingMessage, maxBytes = DEFAULT_MAX_BODY): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      req.resume();
      throw tooLarge(maxBytes);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function tooLarge(max: number): ApiError {
  return new ApiError(413, 'RequestEntityTooLarge', `The request content is larger than the maximum of ${max} bytes allowed for this operation.`);
}
