/**
 * Credentials for calling an endpoint's scoring URI, by auth mode (as `az ml online-endpoint invoke` gets them):
 * Key → ARM `listKeys` (primary key); AMLToken → ARM `token`; AADToken → the signed-in user's token for Azure ML.
 */
import { armSend } from '../../api/arm.js';
import { accessToken } from '../../api/auth.js';
import { ML_API, endpointPath, type AuthMode } from './ml-resources.js';

export interface EndpointKeys {
  primaryKey: string;
  secondaryKey: string;
}

export interface EndpointToken {
  accessToken: string;
  tokenType: string;
  expiryTimeUtc: number;
}

export async function listKeys(group: string, workspace: string, endpoint: string): Promise<EndpointKeys> {
  const keys = await armSend<EndpointKeys>('POST', `${endpointPath(group, workspace, endpoint)}/listKeys`, ML_API);
  if (!keys) throw new Error('listKeys returned no keys.');
  return keys;
}

export async function getToken(group: string, workspace: string, endpoint: string): Promise<EndpointToken> {
  const t = await armSend<EndpointToken>('POST', `${endpointPath(group, workspace, endpoint)}/token`, ML_API);
  if (!t) throw new Error('The token action returned no token.');
  return t;
}

/** The `Authorization` header value for a scoring request. */
export async function scoringAuthorization(group: string, workspace: string, endpoint: string, mode: AuthMode): Promise<string> {
  if (mode === 'Key') return `Bearer ${(await listKeys(group, workspace, endpoint)).primaryKey}`;
  if (mode === 'AMLToken') return `Bearer ${(await getToken(group, workspace, endpoint)).accessToken}`;
  return `Bearer ${await accessToken('ml')}`;
}
