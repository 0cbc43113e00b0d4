/**
 * The environment of a workload: the caller's, with HOME / TMPDIR / AZURE_CONFIG_DIR moved into the workload's
 * sandbox, the proxy variables carrying the workload's own proxy credentials, the CA variables, and the
 * managed-identity variables of an Azure ML compute instance (or none of those, for IMDS-only workloads).
 */
import type { Workload } from './workload-registry.js';
import type { Sandbox } from './sandbox.js';

export interface WorkloadEnvInput {
  /** The caller's environment (sent by the CLI) or the deployment's. */
  base: Record<string, string>;
  workload: Workload;
  sandbox: Sandbox;
  /** Loopback MSI endpoint, `http://127.0.0.1:<port>/msi/token`. */
  msiEndpoint: string;
  /** The platform's forward proxy, `http://127.0.0.1:<port>`. */
  proxyUrl: string;
  caBundle: string;
  caCert: string;
  /** IMDS only: no MSI_* variables (tokens come from http://169.254.169.254 through the proxy). */
  imds?: boolean;
  /** Also set the App Service 2019-08-01 variables (IDENTITY_ENDPOINT / IDENTITY_HEADER). */
  appService?: boolean;
  /** Set AZURE_POD_IDENTITY_AUTHORITY_HOST to this per-workload IMDS URL. */
  podIdentityHost?: string;
}

/** Variables the platform owns in a workload: never inherited from the caller. */
const OWNED = new Set(
  [
    'HOME', 'TMPDIR', 'TMP', 'TEMP', 'AZURE_CONFIG_DIR',
    'MSI_ENDPOINT', 'MSI_SECRET', 'DEFAULT_IDENTITY_CLIENT_ID', 'APPSETTING_WEBSITE_SITE_NAME',
    'IDENTITY_ENDPOINT', 'IDENTITY_HEADER', 'IDENTITY_SERVER_THUMBPRINT', 'IMDS_ENDPOINT', 'AZURE_POD_IDENTITY_AUTHORITY_HOST',
    'HTTPS_PROXY', 'HTTP_PROXY', 'ALL_PROXY', 'NO_PROXY',
    'REQUESTS_CA_BUNDLE', 'SSL_CERT_FILE', 'CURL_CA_BUNDLE', 'NODE_EXTRA_CA_CERTS',
  ].map((k) => k.toUpperCase()),
);

/** `http://<workload-id>:<secret>@host:port`: how the proxy (and IMDS behind it) knows the workload. */
export function proxyUrlWithCredentials(proxyUrl: string, workload: Workload): string {
  const u = new URL(proxyUrl);
  u.username = encodeURIComponent(workload.id);
  u.password = encodeURIComponent(workload.secret);
  return u.toString().replace(/\/$/, '');
}

export function buildWorkloadEnv(input: WorkloadEnvInput): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(input.base)) {
    if (typeof v === 'string' && !OWNED.has(k.toUpperCase())) env[k] = v;
  }
  const { sandbox, workload } = input;
  env.HOME = sandbox.home;
  env.TMPDIR = sandbox.tmp;
  env.AZURE_CONFIG_DIR = sandbox.azureConfig;
  const proxy = proxyUrlWithCredentials(input.proxyUrl, workload);
  Object.assign(env, {
    HTTPS_PROXY: proxy,
    HTTP_PROXY: proxy,
    https_proxy: proxy,
    http_proxy: proxy,
    NO_PROXY: 'localhost,127.0.0.1',
    no_proxy: 'localhost,127.0.0.1',
    REQUESTS_CA_BUNDLE: input.caBundle,
    SSL_CERT_FILE: input.caBundle,
    CURL_CA_BUNDLE: input.caBundle,
    NODE_EXTRA_CA_CERTS: input.caCert,
  });
  if (!input.imds) {
    env.MSI_ENDPOINT = input.msiEndpoint;
    env.MSI_SECRET = workload.secret;
    env.APPSETTING_WEBSITE_SITE_NAME = 'AMLComputeInstance';
    const first = workload.identities[0];
    if (first) env.DEFAULT_IDENTITY_CLIENT_ID = first.clientId;
  }
  if (input.appService) {
    env.IDENTITY_ENDPOINT = input.msiEndpoint;
    env.IDENTITY_HEADER = workload.secret;
  }
  if (input.podIdentityHost) env.AZURE_POD_IDENTITY_AUTHORITY_HOST = input.podIdentityHost;
  return env;
}
