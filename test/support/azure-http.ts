/**
 * Raw Azure wire calls for test set-up (through the forward proxy, on the real host names, trusting the CA):
 * admin tokens by the password grant, service principals through Graph, role assignments through ARM.
 */
import { ProxyAgent, request } from 'undici';
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { PlatformProcess } from './platform-process.js';

export const AZ_CLIENT_ID = '04b07795-8ddb-461a-bbee-02f9e1bf7b46';

export interface HttpResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: any;
}

export function agentFor(p: PlatformProcess): ProxyAgent {
  const ca = readFileSync(p.runtime.caCert, 'utf8');
  return new ProxyAgent({ uri: p.runtime.proxyUrl, requestTls: { ca } });
}

export async function call(
  p: PlatformProcess,
  method: string,
  url: string,
  opts: { token?: string; body?: unknown; form?: Record<string, string>; headers?: Record<string, string> } = {},
): Promise<HttpResult> {
  const headers: Record<string, string> = { ...opts.headers };
  let body: string | undefined;
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(opts.form).toString();
  } else if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
  }
  const r = await request(url, { method: method as any, headers, body, dispatcher: agentFor(p) });
  const text = await r.body.text();
  let json: any;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: r.statusCode, headers: r.headers as any, text, json };
}

export async function userToken(p: PlatformProcess, username: string, password: string, resource: string): Promise<string> {
  const r = await call(p, 'POST', `https://login.microsoftonline.com/${p.runtime.tenantId}/oauth2/v2.0/token`, {
    form: { grant_type: 'password', client_id: AZ_CLIENT_ID, username, password, scope: `${resource}/.default` },
  });
  if (r.status !== 200) throw new Error(`password grant failed: ${r.status} ${r.text}`);
  return r.json.access_token as string;
}

export function adminToken(p: PlatformProcess, resource = 'https://management.azure.com'): Promise<string> {
  return userToken(p, p.admin.username, p.admin.password, resource);
}

export interface TestServicePrincipal {
  appId: string;
  objectId: string;
  secret: string;
}

/** Creates an application + secret + service principal through Graph as admin. */
export async function createServicePrincipal(p: PlatformProcess, displayName: string): Promise<TestServicePrincipal> {
  const token = await adminToken(p, 'https://graph.microsoft.com');
  const app = await call(p, 'POST', 'https://graph.microsoft.com/v1.0/applications', { token, body: { displayName } });
  if (app.status !== 201) throw new Error(`create application: ${app.status} ${app.text}`);
  const pw = await call(p, 'POST', `https://graph.microsoft.com/v1.0/applications/${app.json.id}/addPassword`, {
    token,
    body: { passwordCredential: { displayName: 'test' } },
  });
  if (pw.status !== 200) throw new Error(`addPassword: ${pw.status} ${pw.text}`);
  const sp = await call(p, 'POST', 'https://graph.microsoft.com/v1.0/servicePrincipals', { token, body: { appId: app.json.appId } });
  if (sp.status !== 201) throw new Error(`create servicePrincipal: ${sp.status} ${sp.text}`);
  return { appId: app.json.appId, objectId: sp.json.id, secret: pw.json.secretText };
}

export async function assignRole(p: PlatformProcess, scope: string, roleGuid: string, principalId: string, principalType = 'ServicePrincipal'): Promise<HttpResult> {
  const token = await adminToken(p);
  const name = randomUUID();
  const r = await call(p, 'PUT', `https://management.azure.com${scope}/providers/Microsoft.Authorization/roleAssignments/${name}?api-version=2022-04-01`, {
    token,
    body: {
      properties: {
        roleDefinitionId: `/subscriptions/${p.runtime.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${roleGuid}`,
        principalId,
        principalType,
      },
    },
  });
  if (r.status !== 201) throw new Error(`role assignment: ${r.status} ${r.text}`);
  return r;
}

export const ROLES = {
  Owner: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
  Contributor: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
  Reader: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
  UserAccessAdministrator: '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9',
  StorageBlobDataReader: '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1',
} as const;
