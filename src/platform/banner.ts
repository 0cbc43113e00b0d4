/** The start-up banner of `cerulean start`: where everything is and how to point clients at it. */
import type { Platform } from './create-platform.js';
import { isolationBanner, workloadsIsolated } from '../runtime/sandbox.js';
import { studioBuilt } from '../studio-host/studio-plane.js';

/** The studio's line: its direct URL on `localhost` (the page's origin), and the proxy host name. */
export function studioLine(direct: Record<string, string>, built = studioBuilt()): string | undefined {
  if (!direct.studio) return undefined;
  const port = new URL(direct.studio).port;
  const note = built ? '' : '   [not built yet: npm run build:studio]';
  return `  Studio            https://localhost${port ? `:${port}` : ''}/   (also https://ml.azure.com through the proxy)${note}`;
}

export function renderBanner(p: Platform, opts: { tunnelUnknownHosts: boolean }): string {
  const lines = [
    '',
    '  Cerulean is running.',
    '',
    `  Forward proxy     ${p.proxyUrl}   (serves the real host names: management.azure.com, login.microsoftonline.com, graph.microsoft.com, …)`,
    ...Object.entries(p.direct).map(([name, url]) => `  Direct ${name.padEnd(10)} ${url}`),
    '',
    ...[studioLine(p.direct)].filter((l): l is string => l !== undefined),
    `  CA certificate    ${p.caCertPath}`,
    `  CA bundle         ${p.caBundlePath}   (system roots + the Cerulean CA)`,
    `  Data dir          ${p.dataDir}`,
    `  Enforcement       ${p.enforcement}${p.enforcement === 'strict' ? '' : '   (RBAC denials are logged, not enforced)'}`,
    `  Tenant id         ${p.tenantId}`,
    `  Subscription id   ${p.subscriptionId}`,
    `  Admin credentials ${p.paths.adminCredentials}   (user ${p.admin.username})`,
    `  Unknown hosts     ${opts.tunnelUnknownHosts ? 'tunnelled (--tunnel-unknown-hosts)' : 'refused (nothing leaves this machine)'}`,
    `  ${isolationBanner(workloadsIsolated())}`,
    '',
    '  Point clients at it:',
    '    eval "$(npx cerulean env)"        # proxy + CA variables for az, Python and Node SDKs',
    '    npx cerulean az login             # the az-compatible CLI, signed in as admin',
    '    npx cerulean studio               # the web UI, in the browser',
    '',
  ];
  return lines.join('\n');
}
