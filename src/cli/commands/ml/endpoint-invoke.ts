/** `az ml online-endpoint invoke|get-credentials|regenerate-keys`. */
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { CommandSpec, OptionSpec } from '../../command-spec.js';
import { CliError } from '../../errors.js';
import { dataTransport } from '../storage/data-transport.js';
import { endpointPath, operationError } from './ml-endpoints.js';
import { waitForOperation } from './ml-progress.js';
import { ML_API_VERSION, mlScope, mlScopeOptions, noWaitOption, type MlScope } from './ml-scope.js';
import { obj } from './ml-wire.js';

export const ML_AUDIENCE_SCOPE = 'https://ml.azure.com/.default';

const nameOption: OptionSpec = { dest: 'name', names: ['--name', '-n'], required: true, help: 'Name of the endpoint.' };

/** The bearer credential for scoring: the primary key, an AML token, or the caller's Entra token (by auth mode). */
async function scoringCredential(s: MlScope, endpointName: string, authMode: string): Promise<string> {
  const path = endpointPath(s, endpointName);
  if (/^key$/i.test(authMode)) {
    const keys = (await s.arm.send({ method: 'POST', path: `${path}/listKeys`, apiVersion: ML_API_VERSION })).body as { primaryKey?: string };
    if (!keys?.primaryKey) throw new CliError(`Endpoint '${endpointName}' returned no keys.`);
    return keys.primaryKey;
  }
  if (/^amltoken$/i.test(authMode)) {
    const t = (await s.arm.send({ method: 'POST', path: `${path}/token`, apiVersion: ML_API_VERSION })).body as { accessToken?: string };
    if (!t?.accessToken) throw new CliError(`Endpoint '${endpointName}' returned no token.`);
    return t.accessToken;
  }
  return s.session.token(ML_AUDIENCE_SCOPE);
}

export const mlEndpointInvokeCommand: CommandSpec = {
  path: ['ml', 'online-endpoint', 'invoke'],
  summary: 'Invoke an endpoint.',
  options: [
    nameOption,
    { dest: 'requestFile', names: ['--request-file', '-r'], help: 'File containing the request payload (JSON).' },
    { dest: 'deploymentName', names: ['--deployment-name', '-d'], help: 'Name of a specific deployment to invoke.' },
    { dest: 'local', names: ['--local'], kind: 'flag', help: 'Invoke a local endpoint (not supported here).' },
    ...mlScopeOptions,
  ],
  async run(ctx, args) {
    if (args.flag('local')) throw new CliError('--local is not supported: Cerulean runs endpoints itself. Drop --local.');
    const file = args.str('requestFile');
    if (!file) throw new CliError('the following arguments are required: --request-file/-r', 2);
    let payload: unknown;
    try {
      payload = JSON.parse(readFileSync(isAbsolute(file) ? file : resolve(ctx.io.cwd, file), 'utf8'));
    } catch (e) {
      throw new CliError(`Cannot read the request file '${file}': ${(e as Error).message}`);
    }
    const s = await mlScope(ctx, args);
    const name = args.str('name')!;
    const endpoint = obj(await s.arm.get(endpointPath(s, name), ML_API_VERSION));
    const p = obj(endpoint.properties);
    const scoringUri = String(p.scoringUri ?? '');
    if (!scoringUri) throw new CliError(`Endpoint '${name}' has no scoring URI yet (provisioning state ${String(p.provisioningState)}).`);
    const deployment = args.str('deploymentName');
    if (deployment) {
      const names = (await s.arm.list(`${endpointPath(s, name)}/deployments`, ML_API_VERSION)).map((d) => String(d.name));
      if (!names.includes(deployment)) throw new CliError(`Deployment name ${deployment} not found for this endpoint`);
    }
    const credential = await scoringCredential(s, name, String(p.authMode ?? 'Key'));
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      Authorization: `Bearer ${credential}`,
      'User-Agent': 'AZURECLI/2.45.0 (cerulean) azure-ai-ml',
      'x-ms-client-request-id': ctx.io.newId(),
    };
    if (deployment) headers['azureml-model-deployment'] = deployment;
    const res = await dataTransport(s.session, ctx.log)({ method: 'POST', url: scoringUri, headers, body: JSON.stringify(payload) });
    const text = await res.body.text();
    if (res.status >= 400) {
      let message = text;
      try {
        const parsed = JSON.parse(text) as { message?: string; error?: { message?: string } };
        message = String(parsed.message ?? parsed.error?.message ?? text);
      } catch {
        /* plain text */
      }
      throw new CliError(`(${res.status}) ${message}`, 1, [`Code: ${res.status}`, `Message: ${message}`]);
    }
    return text;
  },
};

export const mlEndpointGetCredentialsCommand: CommandSpec = {
  path: ['ml', 'online-endpoint', 'get-credentials'],
  summary: 'List the token/keys for an online endpoint.',
  options: [nameOption, ...mlScopeOptions],
  async run(ctx, args) {
    const s = await mlScope(ctx, args);
    const name = args.str('name')!;
    const path = endpointPath(s, name);
    const authMode = String(obj(obj(await s.arm.get(path, ML_API_VERSION)).properties).authMode ?? 'Key');
    if (/^key$/i.test(authMode)) return (await s.arm.send({ method: 'POST', path: `${path}/listKeys`, apiVersion: ML_API_VERSION })).body;
    if (/^amltoken$/i.test(authMode)) return (await s.arm.send({ method: 'POST', path: `${path}/token`, apiVersion: ML_API_VERSION })).body;
    throw new CliError(`Endpoint '${name}' uses Microsoft Entra tokens (aad_token): get one with \`az account get-access-token --resource https://ml.azure.com\`.`);
  },
};

export const mlEndpointRegenerateKeysCommand: CommandSpec = {
  path: ['ml', 'online-endpoint', 'regenerate-keys'],
  summary: 'Regenerate the keys for an online endpoint.',
  options: [
    nameOption,
    { dest: 'keyType', names: ['--key-type'], choices: ['primary', 'secondary'], help: 'Type of the key to regenerate. Default: primary.' },
    noWaitOption,
    ...mlScopeOptions,
  ],
  async run(ctx, args) {
    const s = await mlScope(ctx, args);
    const name = args.str('name')!;
    const keyType = args.str('keyType') === 'secondary' ? 'Secondary' : 'Primary';
    const first = await s.arm.send({ method: 'POST', path: `${endpointPath(s, name)}/regenerateKeys`, apiVersion: ML_API_VERSION, body: { keyType } });
    if (args.flag('noWait')) return undefined;
    const outcome = await waitForOperation(ctx, s.arm, first);
    if (outcome.status !== 'Succeeded') throw operationError(`Regenerating the ${keyType.toLowerCase()} key of endpoint '${name}'`, outcome);
    return undefined;
  },
};
