/**
 * Name rules of the Blob service. Container: 3-63 characters, lower-case letters, digits and single dashes, starting
 * and ending with a letter or digit (`$root`, `$logs`, `$web` are reserved names that exist). Blob: 1-1024
 * characters. Blob names are opaque keys here — they never become file names, so `..` in a name is just text.
 */
import { blobErrors } from './blob-errors.js';

const CONTAINER = /^[a-z0-9](?!.*--)[a-z0-9-]*[a-z0-9]$/;
const SPECIAL_CONTAINERS = new Set(['$root', '$logs', '$web']);

export function validateContainerName(name: string): void {
  if (SPECIAL_CONTAINERS.has(name)) return;
  if (name.length < 3 || name.length > 63) {
    throw blobErrors.outOfRangeInput();
  }
  if (!CONTAINER.test(name)) throw blobErrors.invalidResourceName();
}

export function validateBlobName(name: string): void {
  if (name.length === 0 || name.length > 1024) throw blobErrors.outOfRangeInput();
  // Control characters other than tab cannot appear in a request line's decoded path on the service either.
  if (/[\u0000-\u0008\u000a-\u001f\u007f]/.test(name)) throw blobErrors.invalidResourceName();
  if (/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(name)) throw blobErrors.invalidResourceName();
}

/** Metadata names must be valid C# identifiers (the service's rule). */
const METADATA_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function validateMetadataName(name: string): void {
  if (!METADATA_NAME.test(name)) throw blobErrors.invalidMetadata();
}
