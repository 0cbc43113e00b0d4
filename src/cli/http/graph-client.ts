/** Microsoft Graph v1.0 over its real host name. */
import { graphError } from './service-errors.js';
import { parseJsonBody, type HttpClient } from './http-client.js';
import { buildUrl } from './arm-client.js';

export const GRAPH_ENDPOINT = 'https://graph.microsoft.com/v1.0';

export class GraphClient {
  constructor(
    private readonly http: HttpClient,
    private readonly token: () => Promise<string>,
    readonly endpoint = GRAPH_ENDPOINT,
  ) {}

  async send(method: string, path: string, body?: unknown, query?: Record<string, string | undefined>): Promise<unknown> {
    const headers: Record<string, string> = {
      Authorization: `Bearer ${await this.token()}`,
      Accept: 'application/json',
      'User-Agent': 'AZURECLI/2.45.0 (cerulean)',
    };
    let text: string | undefined;
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      text = JSON.stringify(body);
    }
    const res = await this.http.send({ method, url: buildUrl(this.endpoint, path, query), headers, body: text });
    if (res.status >= 400) throw graphError(res);
    return parseJsonBody(res.text);
  }

  /** Lists a collection; follows `@odata.nextLink` when `all` is set. */
  async list(path: string, query?: Record<string, string | undefined>, all = true): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let page = (await this.send('GET', path, undefined, query)) as { value?: unknown[]; '@odata.nextLink'?: string };
    for (let guard = 0; guard < 1000; guard += 1) {
      items.push(...((page?.value ?? []) as Record<string, unknown>[]));
      const next = page?.['@odata.nextLink'];
      if (!all || !next) break;
      page = (await this.send('GET', next)) as typeof page;
    }
    return items;
  }
}
