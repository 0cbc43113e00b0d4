/** Query parameters shared by List Containers and List Blobs: prefix, marker, maxresults, include. */
import { blobErrors } from '../blob-errors.js';

export interface ListParams {
  prefix?: string;
  marker?: string;
  maxResults?: number;
  include: Set<string>;
}

export const MAX_LIST_RESULTS = 5000;

export function readListParams(query: URLSearchParams, allowedIncludes: readonly string[]): ListParams {
  const prefix = query.get('prefix') ?? undefined;
  const marker = query.get('marker') ?? undefined;
  const rawMax = query.get('maxresults');
  let maxResults: number | undefined;
  if (rawMax !== null) {
    if (!/^\d+$/.test(rawMax) || Number(rawMax) < 1) {
      throw blobErrors.invalidQueryParameterValue('maxresults', rawMax, 'Value must be a positive integer.');
    }
    maxResults = Math.min(Number(rawMax), MAX_LIST_RESULTS);
  }
  const include = new Set<string>();
  for (const v of query.getAll('include')) {
    for (const part of v.split(',')) {
      const p = part.trim().toLowerCase();
      if (p === '') continue;
      if (!allowedIncludes.includes(p)) throw blobErrors.invalidQueryParameterValue('include', v);
      include.add(p);
    }
  }
  return { prefix: prefix === '' ? undefined : prefix, marker: marker === '' ? undefined : marker, maxResults, include };
}
