/** `az rest`: any request, with the token audience derived from the URL as az does. */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CommandSpec } from '../../command-spec.js';
import { resourceForUrl, resourceToScope } from '../../auth/scopes.js';
import { CliError } from '../../errors.js';
import { ARM_ENDPOINT, buildUrl } from '../../http/arm-client.js';
import { parseJsonBody } from '../../http/http-client.js';
import { statusText } from '../../http/service-errors.js';

const METHODS = ['delete', 'get', 'head', 'options', 'patch', 'post', 'put'];

/** `KEY=VALUE` items or JSON objects, as az's --headers / --uri-parameters accept. */
export function parseKeyValues(items: string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items ?? []) {
    const trimmed = item.trim();
    if (trimmed.startsWith('{')) {
      let obj: unknown;
      try {
        obj = JSON.parse(trimmed);
      } catch {
        throw new CliError(`Failed to parse JSON: ${item}`);
      }
      for (const [k, v] of Object.entries(obj as Record<string, unknown>)) out[k] = String(v);
      continue;
    }
    const i = item.indexOf('=');
    if (i < 0) throw new CliError(`usage error: '${item}' is not KEY=VALUE or a JSON object`);
    out[item.slice(0, i)] = item.slice(i + 1);
  }
  return out;
}

export const restCommand: CommandSpec = {
  path: ['rest'],
  summary: 'Invoke a custom request.',
  options: [
    { dest: 'method', names: ['--method', '-m'], choices: METHODS, help: 'HTTP request method. Default: get.' },
    { dest: 'url', names: ['--url', '--uri', '-u'], required: true, help: 'Request URL. If it starts with /, the ARM endpoint is used. {subscriptionId} is replaced.' },
    { dest: 'body', names: ['--body', '-b'], help: 'Request body. Use @{file} to load from a file.' },
    { dest: 'headers', names: ['--headers'], kind: 'list', help: "Space-separated headers in KEY=VALUE format or JSON string." },
    { dest: 'uriParameters', names: ['--uri-parameters', '--url-parameters'], kind: 'list', help: 'Query parameters in KEY=VALUE format or JSON string.' },
    { dest: 'resource', names: ['--resource'], help: 'Resource url for which CLI should acquire a token from AAD.' },
    { dest: 'outputFile', names: ['--output-file'], help: 'Save response payload to a file.' },
    { dest: 'skipAuth', names: ['--skip-authorization-header'], kind: 'flag', help: 'Do not auto-append Authorization header.' },
  ],
  async run(ctx, args) {
    const session = ctx.session();
    let url = args.str('url')!;
    if (url.includes('{subscriptionId}')) url = url.split('{subscriptionId}').join(await session.subscriptionId());
    if (!/^https?:\/\//i.test(url)) url = ARM_ENDPOINT + (url.startsWith('/') ? '' : '/') + url;
    url = buildUrl('', url, parseKeyValues(args.list('uriParameters')));

    const headers: Record<string, string> = { 'User-Agent': 'AZURECLI/2.45.0 (cerulean)', ...parseKeyValues(args.list('headers')) };
    let body = args.str('body');
    if (body?.startsWith('@')) body = readFileSync(resolve(ctx.io.cwd, body.slice(1)), 'utf8');
    if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/json';

    const hasAuth = Object.keys(headers).some((h) => h.toLowerCase() === 'authorization');
    if (!args.flag('skipAuth') && !hasAuth && url.toLowerCase().startsWith('https://')) {
      const resource = args.str('resource') ?? resourceForUrl(url);
      if (resource) headers.Authorization = `Bearer ${await session.token(resourceToScope(resource))}`;
      else ctx.warn("Can't derive appropriate Azure AD resource from --url to acquire an access token. If access token is required, use --resource to specify the resource");
    }

    const method = (args.str('method') ?? 'get').toUpperCase();
    const res = await session.http.send({ method, url, headers, body });
    if (res.status >= 400) {
      throw new CliError(`${statusText(res.status)}(${res.text})`, res.status === 404 ? 3 : 1);
    }
    const outputFile = args.str('outputFile');
    if (outputFile) {
      writeFileSync(resolve(ctx.io.cwd, outputFile), res.text);
      return undefined;
    }
    if (res.text.trim() === '') return undefined;
    const parsed = parseJsonBody(res.text);
    if (typeof parsed === 'string' && parsed === res.text) {
      ctx.warn('Not a json response, outputting to stdout. For binary data suggest use "--output-file" to write to a file');
      ctx.io.stdout(res.text.endsWith('\n') ? res.text : res.text + '\n');
      return undefined;
    }
    return parsed;
  },
};
