/** Access and refresh tokens per signed-in account, and service principal secrets (like az's MSAL cache). */
import { join } from 'node:path';
import { readJsonFile, writeJsonFile } from '../profile/secure-file.js';

export interface CachedAccessToken {
  accessToken: string;
  /** Epoch seconds. */
  expiresOn: number;
}

export interface AccountTokens {
  refreshToken?: string;
  /** Signed in silently from the platform's admin credentials: may sign in again the same way. */
  admin?: boolean;
  accessTokens: Record<string, CachedAccessToken>;
}

interface CacheFile {
  accounts: Record<string, AccountTokens>;
}

export interface ServicePrincipalEntry {
  client_id: string;
  tenant: string;
  client_secret: string;
}

export function accountKey(type: string, name: string, tenant: string): string {
  return `${type}|${name.toLowerCase()}|${tenant.toLowerCase()}`;
}

export class TokenCache {
  private readonly tokensPath: string;
  private readonly spPath: string;

  constructor(cliDir: string) {
    this.tokensPath = join(cliDir, 'token_cache.json');
    this.spPath = join(cliDir, 'service_principal_entries.json');
  }

  account(key: string): AccountTokens | undefined {
    return this.readTokens().accounts[key];
  }

  updateAccount(key: string, update: (a: AccountTokens) => AccountTokens): void {
    const file = this.readTokens();
    file.accounts[key] = update(file.accounts[key] ?? { accessTokens: {} });
    writeJsonFile(this.tokensPath, file);
  }

  removeAccountsOf(name: string): void {
    const file = this.readTokens();
    for (const key of Object.keys(file.accounts)) if (key.split('|')[1] === name.toLowerCase()) delete file.accounts[key];
    writeJsonFile(this.tokensPath, file);
    writeJsonFile(this.spPath, this.servicePrincipals().filter((e) => e.client_id.toLowerCase() !== name.toLowerCase()));
  }

  servicePrincipals(): ServicePrincipalEntry[] {
    return readJsonFile<ServicePrincipalEntry[]>(this.spPath) ?? [];
  }

  saveServicePrincipal(entry: ServicePrincipalEntry): void {
    const others = this.servicePrincipals().filter(
      (e) => !(e.client_id === entry.client_id && e.tenant.toLowerCase() === entry.tenant.toLowerCase()),
    );
    writeJsonFile(this.spPath, [...others, entry]);
  }

  private readTokens(): CacheFile {
    return readJsonFile<CacheFile>(this.tokensPath) ?? { accounts: {} };
  }
}
