/** The start-up banner of `cerulean start`: where everything is and how to point clients at it. */
import type { Platform } from './create-platform.js';
import { isolationBanner, workloadsIsolated } from '../runtime/sandbox.js';

export function renderBanner(p: Platform, opts: { tunnelUnknownHosts: boolean }): string {
  const lines = [
    '',
    '  Cerulean is running.',
    '',
    `  Forward proxy     ${p.proxyUrl}   (serves the real host names: management.azure.com, login.microsoftonline.com, graph.microsoft.com, …)`,
    ...Object.entries(p.direct).map(([name, url]) => `  Direct ${name.padEnd(10)} ${url}`),
    '',
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
    '',
  ];
  return lines.join('\n');
}
