/** `cerulean env [--unset]`: shell exports that send clients through Cerulean's proxy and trust its CA. */
import type { RuntimeInfo } from '../../shared/data-home.js';
import type { CommandSpec } from '../command-spec.js';
import { loadRuntimeInfo } from '../runtime-info.js';

/** Never includes 169.254.169.254: IMDS requests must reach the proxy. */
export const NO_PROXY_VALUE = 'localhost,127.0.0.1';

export function envVariables(runtime: RuntimeInfo): Array<[string, string]> {
  return [
    ['HTTPS_PROXY', runtime.proxyUrl],
    ['https_proxy', runtime.proxyUrl],
    ['HTTP_PROXY', runtime.proxyUrl],
    ['http_proxy', runtime.proxyUrl],
    ['NO_PROXY', NO_PROXY_VALUE],
    ['no_proxy', NO_PROXY_VALUE],
    ['REQUESTS_CA_BUNDLE', runtime.caBundle],
    ['SSL_CERT_FILE', runtime.caBundle],
    ['CURL_CA_BUNDLE', runtime.caBundle],
    ['NODE_EXTRA_CA_CERTS', runtime.caCert],
    ['AZURE_CORE_COLLECT_TELEMETRY', 'false'],
  ];
}

export function shellQuote(value: string): string {
  return /^[A-Za-z0-9_./:,@%+=-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

export function renderEnv(runtime: RuntimeInfo): string {
  return envVariables(runtime)
    .map(([k, v]) => `export ${k}=${shellQuote(v)}\n`)
    .join('');
}

export function renderUnset(): string {
  const blank = { proxyUrl: '', caBundle: '', caCert: '' } as RuntimeInfo;
  return `unset ${envVariables(blank).map(([k]) => k).join(' ')}\n`;
}

export const envCommand: CommandSpec = {
  path: ['env'],
  summary: 'Print shell exports that route Azure clients to Cerulean: eval "$(cerulean env)".',
  options: [{ dest: 'unset', names: ['--unset'], kind: 'flag', help: 'Print the matching `unset` line instead.' }],
  async run(ctx, args) {
    ctx.io.stdout(args.flag('unset') ? renderUnset() : renderEnv(loadRuntimeInfo(ctx.home)));
    return undefined;
  },
};
