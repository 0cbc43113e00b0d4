/**
 * The data home (`~/.cerulean`, or `CERULEAN_HOME`, or `--data-dir`): where the platform keeps its state and
 * writes how to reach it, and where every CLI subcommand finds it.
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export function dataHome(explicit?: string): string {
  if (explicit) return resolve(explicit);
  if (process.env.CERULEAN_HOME) return resolve(process.env.CERULEAN_HOME);
  return join(homedir(), '.cerulean');
}

export interface DataPaths {
  root: string;
  /** Written by a running platform: RuntimeInfo. */
  runtimeFile: string;
  caDir: string;
  caCert: string;
  caKey: string;
  /** System roots + the Cerulean CA: for REQUESTS_CA_BUNDLE / SSL_CERT_FILE / CURL_CA_BUNDLE. */
  caBundle: string;
  keysDir: string;
  storeDir: string;
  /** 0600 JSON: { username, password, tenantId, objectId }. */
  adminCredentials: string;
  /** The CLI's own state (profile, token cache, config), like ~/.azure. */
  cliDir: string;
  logsDir: string;
  blobsDir: string;
  workloadsDir: string;
}

export function dataPaths(root: string): DataPaths {
  return {
    root,
    runtimeFile: join(root, 'runtime.json'),
    caDir: join(root, 'ca'),
    caCert: join(root, 'ca', 'ca.pem'),
    caKey: join(root, 'ca', 'ca-key.pem'),
    caBundle: join(root, 'ca', 'bundle.pem'),
    keysDir: join(root, 'keys'),
    storeDir: join(root, 'store'),
    adminCredentials: join(root, 'admin-credentials.json'),
    cliDir: join(root, 'cli'),
    logsDir: join(root, 'logs'),
    blobsDir: join(root, 'blobs'),
    workloadsDir: join(root, 'workloads'),
  };
}

/** What a running platform writes to `runtime.json`. */
export interface RuntimeInfo {
  pid: number;
  startedAt: string;
  /** Forward proxy: `http://127.0.0.1:<port>`. */
  proxyUrl: string;
  /** Direct HTTPS URLs per plane, e.g. { arm: 'https://127.0.0.1:7001', login: …, graph: …, blob: … }. */
  direct: Record<string, string>;
  caCert: string;
  caBundle: string;
  tenantId: string;
  subscriptionId: string;
  enforcement: 'strict' | 'soft' | 'off';
  adminCredentials: string;
}

export interface AdminCredentials {
  username: string;
  password: string;
  tenantId: string;
  objectId: string;
}
