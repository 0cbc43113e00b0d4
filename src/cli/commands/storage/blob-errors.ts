/** Blob service `<Error>` answers printed as az prints azure-storage-blob's errors. */
import { CliError } from '../../errors.js';
import { xmlText } from './blob-xml.js';

export class BlobServiceError extends CliError {
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    message: string,
  ) {
    super(message, status === 404 ? 3 : 1);
    this.name = 'BlobServiceError';
  }
}

export function blobError(status: number, headers: Record<string, string>, body: string): BlobServiceError {
  const code = headers['x-ms-error-code'] ?? xmlText(body, 'Code');
  const message = (xmlText(body, 'Message') ?? defaultMessage(status)).split('\n')[0];
  return new BlobServiceError(status, code, code ? `${message} ErrorCode:${code}` : message);
}

function defaultMessage(status: number): string {
  if (status === 404) return 'The specified resource does not exist.';
  if (status === 403) return 'Server failed to authenticate the request.';
  return `Operation returned an invalid status code ${status}`;
}
