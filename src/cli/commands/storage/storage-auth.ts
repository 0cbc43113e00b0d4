/**
 * Credentials for data-plane storage commands, resolved as az 2.45 does: a connection string, an account key
 * (option or AZURE_STORAGE_KEY), `--auth-mode login` (a token for https://storage.azure.com/), or else the
 * account key fetched through ARM with az's warning.
 */
import type { CommandContext } from '../../command-context.js';
import type { OptionSpec } from '../../command-spec.js';
import { CliError } from '../../errors.js';
import type { ParsedArgs } from '../../parse/parsed-args.js';
import { resourceToScope } from '../../auth/scopes.js';
import { findAccountId, listAccountKeys } from './account-lookup.js';
import { BlobDataClient, type BlobAuth } from './blob-client.js';
import { dataTransport } from './data-transport.js';

export const STORAGE_RESOURCE = 'https://storage.azure.com';

export const dataPlaneOptions: OptionSpec[] = [
  { dest: 'accountName', names: ['--account-name'], help: 'Storage account name. Environment variable: AZURE_STORAGE_ACCOUNT.' },
  { dest: 'accountKey', names: ['--account-key'], help: 'Storage account key. Environment variable: AZURE_STORAGE_KEY.' },
  { dest: 'authMode', names: ['--auth-mode'], choices: ['key', 'login'], help: 'The mode in which to run the command. Environment variable: AZURE_STORAGE_AUTH_MODE.' },
  { dest: 'connectionString', names: ['--connection-string'], help: 'Storage account connection string. Environment variable: AZURE_STORAGE_CONNECTION_STRING.' },
  { dest: 'blobEndpoint', names: ['--blob-endpoint'], help: 'Storage data service endpoint, e.g. https://<account>.blob.core.windows.net.' },
];

export const NO_CREDENTIALS_WARNING = `
There are no credentials provided in your command and environment, we will query for account key for your storage account.
It is recommended to provide --connection-string, --account-key or --sas-token in your command as credentials.

You also can add \`--auth-mode login\` in your command to use Azure Active Directory (Azure AD) for authorization if your login account is assigned required RBAC roles.
For more information about RBAC roles in storage, visit https://docs.microsoft.com/azure/storage/common/storage-auth-aad-rbac-cli.

In addition, setting the corresponding environment variables can avoid inputting credentials in your command. Please use --help to get more information about environment variable usage.`;

function parseConnectionString(cs: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of cs.split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i).trim().toLowerCase()] = part.slice(i + 1).trim();
  }
  return out;
}

export async function blobClientFor(ctx: CommandContext, args: ParsedArgs): Promise<BlobDataClient> {
  const env = ctx.io.env;
  const cs = args.str('connectionString') ?? env.AZURE_STORAGE_CONNECTION_STRING;
  let account = args.str('accountName') ?? env.AZURE_STORAGE_ACCOUNT;
  let key = args.str('accountKey') ?? env.AZURE_STORAGE_KEY;
  let endpoint = args.str('blobEndpoint');
  const authMode = args.str('authMode') ?? env.AZURE_STORAGE_AUTH_MODE;
  if (cs && !args.str('accountName')) {
    const parsed = parseConnectionString(cs);
    account = parsed.accountname ?? account;
    key = parsed.accountkey ?? key;
    endpoint = parsed.blobendpoint ?? endpoint;
  }
  if (!account) throw new CliError('Missing account name. Please provide --account-name or set AZURE_STORAGE_ACCOUNT.');
  const session = ctx.session();
  let auth: BlobAuth;
  if (authMode === 'login') {
    if (args.str('accountKey') || args.str('connectionString')) {
      throw new CliError('usage error: --auth-mode login cannot be used with --account-key, --connection-string or --sas-token.');
    }
    const scope = resourceToScope(STORAGE_RESOURCE);
    auth = { kind: 'token', token: () => session.token(scope) };
  } else if (key) {
    auth = { kind: 'key', key };
  } else {
    ctx.warn(NO_CREDENTIALS_WARNING);
    const keys = await listAccountKeys(session, await findAccountId(session, account));
    if (!keys[0]?.value) throw new CliError(`No key found for storage account '${account}'.`);
    auth = { kind: 'key', key: keys[0].value };
  }
  return new BlobDataClient(dataTransport(session, ctx.log), account, auth, ctx.io.newId, ctx.io.now, endpoint);
}
