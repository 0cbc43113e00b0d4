/**
 * az's `request_data_from_registry` + `_obtain_data_from_registry`: GET a registry listing with Bearer (token) or
 * Basic (admin) auth, follow `Link: <…?last=…&n=…>; rel="next"` pages, and turn error answers into az's messages.
 */
import type { CommandContext } from '../../command-context.js';
import { CliError } from '../../errors.js';
import { parseJsonBody } from '../../http/http-client.js';
import { EMPTY_GUID, type RegistryCredentials } from './registry-credentials.js';

export const DEFAULT_PAGINATION = 100;

export class RegistryError extends CliError {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

function authorization(c: RegistryCredentials): string {
  return c.username === EMPTY_GUID ? `Bearer ${c.password}` : `Basic ${Buffer.from(`${c.username}:${c.password}`, 'latin1').toString('base64')}`;
}

function errorMessage(fallback: string, text: string): string {
  let message = fallback;
  const body = parseJsonBody(text) as { errors?: Array<{ message?: string }> } | undefined;
  const server = body && typeof body === 'object' ? body.errors?.[0]?.message : undefined;
  if (server) message = `Error: ${server}`;
  return message.endsWith('.') ? message : `${message}.`;
}

const FALLBACKS: Record<number, string> = {
  401: 'Authentication required.',
  404: 'The requested data does not exist.',
  405: 'This operation is not supported.',
  409: 'Failed to request data due to a conflict.',
};

/** GETs `path` and every following page; returns the concatenated `resultIndex` arrays (at most `top` items). */
export async function listFromRegistry(
  ctx: CommandContext,
  creds: RegistryCredentials,
  path: string,
  resultIndex: string,
  opts: { top?: number; orderby?: string } = {},
): Promise<unknown[]> {
  const out: unknown[] = [];
  let top = opts.top;
  let params: Record<string, string> = { n: String(DEFAULT_PAGINATION), ...(opts.orderby ? { orderby: opts.orderby } : {}) };
  for (let guard = 0; guard < 10_000; guard++) {
    if (top !== undefined) {
      params.n = String(Math.min(top, DEFAULT_PAGINATION));
      top -= Number(params.n);
    }
    const url = `https://${creds.loginServer}${path}?${new URLSearchParams(params).toString()}`;
    const res = await ctx.session().http.send({ method: 'GET', url, headers: { Authorization: authorization(creds) } });
    if (res.status !== 200) {
      throw new RegistryError(errorMessage(FALLBACKS[res.status] ?? 'Could not get the requested data.', res.text), res.status);
    }
    const body = parseJsonBody(res.text) as Record<string, unknown> | undefined;
    const items = body?.[resultIndex];
    if (Array.isArray(items)) out.push(...items);
    if (top !== undefined && top <= 0) break;
    const link = res.headers['link'];
    if (!link) break;
    const next = link.slice(link.indexOf('<') + 1, link.indexOf('>'));
    const query = next.split('?', 2)[1] ?? '';
    params = Object.fromEntries(query.split('&').map((kv) => kv.split('=', 2)).map(([k, v]) => [k, decodeURIComponent(v ?? '')]));
  }
  return out;
}
