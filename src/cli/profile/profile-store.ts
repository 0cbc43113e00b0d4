/** The signed-in accounts and their subscriptions, like az's azureProfile.json. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CliError } from '../errors.js';
import { readJsonFile, writeJsonFile } from './secure-file.js';

export type UserType = 'user' | 'servicePrincipal';

export interface SubscriptionEntry {
  id: string;
  name: string;
  state: string;
  user: { name: string; type: UserType };
  isDefault: boolean;
  tenantId: string;
  environmentName: string;
  homeTenantId: string;
  managedByTenants: unknown[];
}

interface ProfileFile {
  installationId?: string;
  subscriptions: SubscriptionEntry[];
}

export const notLoggedInMessage = "Please run 'az login' to setup account.";

export class ProfileStore {
  readonly path: string;

  constructor(cliDir: string) {
    this.path = join(cliDir, 'azureProfile.json');
  }

  /** No profile file at all: nobody has logged in (or out) yet. */
  isPristine(): boolean {
    return !existsSync(this.path);
  }

  subscriptions(): SubscriptionEntry[] {
    return readJsonFile<ProfileFile>(this.path)?.subscriptions ?? [];
  }

  save(subs: SubscriptionEntry[]): void {
    const current = readJsonFile<ProfileFile>(this.path);
    writeJsonFile(this.path, { installationId: current?.installationId, subscriptions: subs });
  }

  /** Adds a login's subscriptions, replacing that user's previous ones; the new default is chosen like az. */
  addLogin(newSubs: SubscriptionEntry[]): SubscriptionEntry[] {
    const old = this.subscriptions();
    const previousDefault = old.find((s) => s.isDefault);
    const sameUser = (s: SubscriptionEntry) =>
      newSubs.some((n) => n.user.name.toLowerCase() === s.user.name.toLowerCase() && n.user.type === s.user.type);
    const kept = old.filter((s) => !sameUser(s)).map((s) => ({ ...s, isDefault: false }));
    const keepDefault = previousDefault && newSubs.find((n) => n.id === previousDefault.id && sameUser(previousDefault));
    const added = newSubs.map((s, i) => ({ ...s, isDefault: keepDefault ? s.id === keepDefault.id : i === 0 }));
    const all = [...added, ...kept];
    this.save(all);
    return added;
  }

  current(): SubscriptionEntry {
    const subs = this.subscriptions();
    const current = subs.find((s) => s.isDefault) ?? subs[0];
    if (!current) throw new CliError(notLoggedInMessage);
    return current;
  }

  /** Finds a subscription by id or name (az: ids case-insensitive, names exact first then case-insensitive). */
  find(idOrName: string): SubscriptionEntry {
    const subs = this.subscriptions();
    if (subs.length === 0) throw new CliError(notLoggedInMessage);
    const lower = idOrName.toLowerCase();
    const hit =
      subs.find((s) => s.id.toLowerCase() === lower) ??
      subs.find((s) => s.name === idOrName) ??
      subs.find((s) => s.name.toLowerCase() === lower);
    if (!hit) throw new CliError(`Subscription '${idOrName}' not found. Check the spelling and casing and try again.`);
    return hit;
  }

  setDefault(idOrName: string): void {
    const target = this.find(idOrName);
    this.save(this.subscriptions().map((s) => ({ ...s, isDefault: s.id === target.id && s.user.name === target.user.name })));
  }

  /** Removes a user's subscriptions; returns whether any were removed. */
  removeUser(name: string): boolean {
    const subs = this.subscriptions();
    const kept = subs.filter((s) => s.user.name.toLowerCase() !== name.toLowerCase());
    if (kept.length === subs.length) return false;
    if (kept.length > 0 && !kept.some((s) => s.isDefault)) kept[0] = { ...kept[0], isDefault: true };
    this.save(kept);
    return true;
  }
}
