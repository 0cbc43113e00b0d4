/**
 * First start: the `admin` user (Global Administrator in the directory, Owner on the default subscription),
 * with a random password written to a 0600 file in the data home.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { PlatformContext } from './context.js';
import type { AdminCredentials } from '../shared/data-home.js';
import { randomSecret } from '../shared/ids.js';
import { writeFileAtomic } from '../http/tls/atomic-write.js';
import { createRoleAssignment } from '../arm/authorization/role-assignment-store.js';

const OWNER_ROLE_GUID = '8e3af657-a8ff-443c-a75c-2fe8c4bcb635';

/** A random password that command lines take as it is: it never starts with '-' (az would read it as an option). */
function newPassword(): string {
  for (;;) {
    const p = randomSecret(18);
    if (/^[A-Za-z0-9]/.test(p)) return p;
  }
}

export function ensureAdmin(ctx: PlatformContext): AdminCredentials {
  const file = ctx.paths.adminCredentials;
  const upn = `admin@${ctx.config.tenantDomain}`;
  const existing = ctx.directory.getUser(upn);
  if (existing && existsSync(file)) {
    return JSON.parse(readFileSync(file, 'utf8')) as AdminCredentials;
  }
  const password = newPassword();
  const user =
    existing ??
    ctx.directory.createUser({ displayName: 'admin', userPrincipalName: upn, password, mailNickname: 'admin', globalAdmin: true });
  if (existing) ctx.directory.setUserPassword?.(existing.id, password);
  createRoleAssignment(ctx.store, {
    scope: `/subscriptions/${ctx.config.subscriptionId}`,
    roleDefinitionGuid: OWNER_ROLE_GUID,
    principalId: user.id,
    principalType: 'User',
    createdBy: user.id,
  });
  const creds: AdminCredentials = { username: upn, password, tenantId: ctx.config.tenantId, objectId: user.id };
  writeFileAtomic(file, JSON.stringify(creds, null, 2) + '\n', 0o600);
  ctx.log.info({ evt: 'bootstrap.admin', upn, objectId: user.id });
  return creds;
}
