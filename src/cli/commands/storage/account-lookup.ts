/** Finds a storage account by name in the subscription and reads its keys through ARM (what az does for key auth). */
import { CliError } from '../../errors.js';
import type { Session } from '../../session.js';

export const STORAGE_API_VERSION = '2023-01-01';

export function accountPath(sub: string, group: string, name: string): string {
  return `/subscriptions/${sub}/resourceGroups/${encodeURIComponent(group)}/providers/Microsoft.Storage/storageAccounts/${encodeURIComponent(name)}`;
}

/** ARM id of the account `name` (in `group` when given, else searched in the subscription). */
export async function findAccountId(session: Session, name: string, group?: string): Promise<string> {
  const sub = await session.subscriptionId();
  if (group) return accountPath(sub, group, name);
  const all = await session.arm().list(`/subscriptions/${sub}/providers/Microsoft.Storage/storageAccounts`, STORAGE_API_VERSION);
  const hit = all.find((a) => String(a.name).toLowerCase() === name.toLowerCase());
  if (!hit) throw new CliError(`The storage account '${name}' was not found in the current subscription.`, 3);
  return String(hit.id);
}

export interface AccountKey {
  keyName: string;
  value: string;
  permissions?: string;
  creationTime?: string;
}

export async function listAccountKeys(session: Session, accountId: string): Promise<AccountKey[]> {
  const res = await session.arm().send({ method: 'POST', path: `${accountId}/listKeys`, apiVersion: STORAGE_API_VERSION, query: { $expand: 'kerb' } });
  return ((res.body as { keys?: AccountKey[] } | undefined)?.keys ?? []) as AccountKey[];
}
