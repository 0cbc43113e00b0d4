/**
 * First-party public clients that sign users in without an application registration in the tenant (as in Entra).
 * The Azure CLI, Azure PowerShell and VS Code are members of the Microsoft "family of client ids" (FOCI): their
 * refresh tokens are interchangeable. The Cerulean studio (the platform's web client) is a public client of its
 * own: its refresh tokens are redeemable for any resource the user may call, but only by the studio itself.
 */
export const AZURE_CLI_CLIENT_ID = '04b07795-8ddb-461a-bbee-02f9e1bf7b46';
export const AZURE_POWERSHELL_CLIENT_ID = '1950a258-227b-4e31-a9cf-717495945fc2';
export const VS_CODE_CLIENT_ID = 'aebc6443-996d-45c2-90f0-388ff96faa56';
/** The studio web client: signs users in with the authorization code grant and PKCE (S256 required). */
export const STUDIO_CLIENT_ID = 'b92549ce-8033-462b-b0a5-f9cabbcf3eb2';
export const STUDIO_CLIENT_NAME = 'Cerulean studio';

const FAMILY_CLIENTS: ReadonlyMap<string, string> = new Map([
  [AZURE_CLI_CLIENT_ID, 'Microsoft Azure CLI'],
  [AZURE_POWERSHELL_CLIENT_ID, 'Microsoft Azure PowerShell'],
  [VS_CODE_CLIENT_ID, 'Visual Studio Code'],
]);

export const FIRST_PARTY_PUBLIC_CLIENTS: ReadonlyMap<string, string> = new Map([...FAMILY_CLIENTS, [STUDIO_CLIENT_ID, STUDIO_CLIENT_NAME]]);

export function isFirstPartyPublicClient(clientId: string): boolean {
  return FIRST_PARTY_PUBLIC_CLIENTS.has(clientId.toLowerCase());
}

/** Family-of-client-ids members (refresh tokens may be redeemed by any member). */
export function isFamilyClient(clientId: string): boolean {
  return FAMILY_CLIENTS.has(clientId.toLowerCase());
}

export function isStudioClient(clientId: string | undefined): boolean {
  return (clientId ?? '').trim().toLowerCase() === STUDIO_CLIENT_ID;
}
