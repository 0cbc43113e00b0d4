/**
 * The directory on the embedded store: users, applications (with client secrets) and service principals
 * (for applications and for managed identities). Stateless over the store, so several instances on one store agree.
 * Alternate keys (UPN, appId) are index documents written in the same transaction as the object they point to.
 */
import { hash, randomBytes } from 'node:crypto';
import type { Store } from '../store/store.js';
import type { Clock } from '../shared/clock.js';
import type { IdGenerator } from '../shared/ids.js';
import type {
  ApplicationRecord,
  Directory,
  DirectoryObject,
  PasswordCredentialRecord,
  ServicePrincipalRecord,
  UserRecord,
} from './types.js';
import {
  DUMMY_PASSWORD_HASH,
  generateClientSecret,
  hashPassword,
  hashSecret,
  verifyHash,
  type RandomBytes,
} from './credential-hash.js';
import {
  INDEX_KIND,
  OBJECT_KIND,
  graphTimestamp,
  indexKey,
  newApplicationRecord,
  newApplicationServicePrincipal,
  newManagedIdentityPrincipal,
  newUserRecord,
  objectType,
  type IndexEntry,
  type ObjectType,
  type Open,
} from './directory-records.js';
import { badRequest, objectConflict, resourceNotFound, servicePrincipalNameInUse } from './graph-errors.js';
import { DirectoryCache, deepFreeze } from './directory-cache.js';

/** A client secret that matched, with the validity window of the credential it matched. */
interface VerifiedSecret {
  sp: ServicePrincipalRecord;
  from: number;
  until: number;
}

function verifiedSecretKey(appId: string, secret: string): string {
  return hash('sha256', `${appId.toLowerCase()}\0${secret}`, 'base64');
}

export interface DirectoryOptions {
  store: Store;
  clock: Clock;
  ids: IdGenerator;
  tenantId: string;
  domain: string;
  /** Randomness for salts and client secrets (default: crypto.randomBytes). */
  random?: RandomBytes;
}

export interface AddedPassword {
  credential: PasswordCredentialRecord;
  /** The secret, returned once; only its hash is stored. */
  secretText: string;
}

/** Everything the Graph plane needs on top of the cross-plane `Directory` interface. */
export interface DirectoryStore extends Directory {
  listObjects(type?: ObjectType): DirectoryObject[];
  getApplication(objectId: string): ApplicationRecord | undefined;
  createApplication(input: { displayName: string; owners?: string[]; properties?: Record<string, unknown> }): ApplicationRecord;
  /** Sets (or, with value `undefined`, removes) top-level properties. */
  updateApplication(objectId: string, changes: Record<string, unknown>): ApplicationRecord;
  addApplicationPassword(objectId: string, input: { displayName?: string | null; startDateTime?: string; endDateTime?: string }): AddedPassword;
  /** Returns false when no credential has that keyId. */
  removeApplicationPassword(objectId: string, keyId: string): boolean;
  createServicePrincipal(input: { appId: string; owners?: string[]; properties?: Record<string, unknown> }): ServicePrincipalRecord;
  updateServicePrincipal(objectId: string, changes: Record<string, unknown>): ServicePrincipalRecord;
  updateUser(objectId: string, changes: Record<string, unknown>, password?: string): UserRecord;
  setUserPassword(objectId: string, password: string): void;
}

/** Default lifetime of a password credential without `endDateTime` (Graph: 2 years). */
const DEFAULT_SECRET_LIFETIME_MS = 2 * 365 * 24 * 3600 * 1000;

export function createDirectory(opts: DirectoryOptions): DirectoryStore {
  const { store, clock, ids, tenantId, domain } = opts;
  const random = opts.random ?? randomBytes;
  const now = () => graphTimestamp(clock.now());

  const getDoc = <T extends DirectoryObject>(id: string): Open<T> | undefined =>
    store.get<Open<T>>(OBJECT_KIND, id)?.body;
  const lookup = (key: string): string | undefined => store.get<IndexEntry>(INDEX_KIND, key)?.body.objectId;
  const putObject = (o: DirectoryObject) => store.put(OBJECT_KIND, o.id, o);
  const verifiedSecrets = new DirectoryCache<VerifiedSecret>(store);

  function getUser(objectIdOrUpn: string): UserRecord | undefined {
    const id = objectIdOrUpn.includes('@') ? lookup(indexKey.upn(objectIdOrUpn)) : objectIdOrUpn;
    const o = id ? getDoc<UserRecord>(id) : undefined;
    return o && objectType(o) === 'user' ? o : undefined;
  }

  function getApplication(objectId: string): Open<ApplicationRecord> | undefined {
    const o = getDoc<ApplicationRecord>(objectId);
    return o && objectType(o) === 'application' ? o : undefined;
  }

  function getServicePrincipal(objectId: string): Open<ServicePrincipalRecord> | undefined {
    const o = getDoc<ServicePrincipalRecord>(objectId);
    return o && objectType(o) === 'servicePrincipal' ? o : undefined;
  }

  function getApplicationByAppId(appId: string): Open<ApplicationRecord> | undefined {
    const id = lookup(indexKey.application(appId));
    return id ? getApplication(id) : undefined;
  }

  function getServicePrincipalByAppId(appId: string): Open<ServicePrincipalRecord> | undefined {
    const id = lookup(indexKey.servicePrincipal(appId));
    return id ? getServicePrincipal(id) : undefined;
  }

  function requireNewObjectId(id: string): void {
    if (store.get(OBJECT_KIND, id)) throw objectConflict('id');
  }

  function putServicePrincipal(sp: ServicePrincipalRecord): void {
    if (lookup(indexKey.servicePrincipal(sp.appId))) throw servicePrincipalNameInUse(sp.appId);
    requireNewObjectId(sp.id);
    putObject(sp);
    store.put<IndexEntry>(INDEX_KIND, indexKey.servicePrincipal(sp.appId), { objectId: sp.id });
  }

  function mustGet<T>(value: T | undefined, id: string): T {
    if (value === undefined) throw resourceNotFound(id);
    return value;
  }

  function applyChanges<T extends object>(target: T, changes: Record<string, unknown>): void {
    const t = target as Record<string, unknown>;
    for (const [k, v] of Object.entries(changes)) {
      if (k.startsWith('_') || k === 'id' || k === '@odata.type') continue;
      if (v === undefined) delete t[k];
      else t[k] = v;
    }
  }

  const dir: DirectoryStore = {
    tenantId,
    domain,
    getObject: (objectId) => getDoc<DirectoryObject>(objectId),
    getUser,
    getApplication,
    getApplicationByAppId,
    getServicePrincipal,
    getServicePrincipalByAppId,

    listObjects(type) {
      const all = store.list<DirectoryObject>(OBJECT_KIND).map((d) => d.body);
      return type ? all.filter((o) => objectType(o) === type) : all;
    },

    verifyUserPassword(upn, password) {
      const user = getUser(upn);
      const stored = user ? { hash: user._passwordHash, salt: user._passwordSalt } : DUMMY_PASSWORD_HASH;
      const ok = verifyHash(password, stored);
      return ok && user && user.accountEnabled ? user : undefined;
    },

    /** Returns the application's service principal when the secret matches an unexpired credential
     *  (whether the principal is enabled is left to the caller, which reports that distinctly). */
    verifyClientSecret(appId, secret) {
      const t = clock.now();
      // A secret verified before is found by a digest of (appId, secret), never by the secret itself.
      const key = verifiedSecretKey(appId, secret);
      const hit = verifiedSecrets.get(key);
      if (hit && hit.from <= t && t < hit.until) return hit.sp;
      const app = getApplicationByAppId(appId);
      if (!app) return undefined;
      let matched: PasswordCredentialRecord | undefined;
      for (const c of app.passwordCredentials) {
        const live = Date.parse(c.startDateTime) <= t && t < Date.parse(c.endDateTime);
        // Every credential is checked, so timing does not reveal which one matched.
        if (verifyHash(secret, { hash: c._hash, salt: c._salt }) && live) matched ??= c;
      }
      if (!matched) return undefined;
      const sp = getServicePrincipalByAppId(appId);
      if (sp) {
        const cached = deepFreeze(structuredClone(sp));
        verifiedSecrets.set(key, { sp: cached, from: Date.parse(matched.startDateTime), until: Date.parse(matched.endDateTime) });
      }
      return sp;
    },

    createUser(input) {
      const upn = input.userPrincipalName;
      const { hash, salt } = hashPassword(input.password, random);
      const user = newUserRecord({
        id: input.objectId ?? ids.uuid(),
        displayName: input.displayName,
        userPrincipalName: upn,
        mailNickname: input.mailNickname ?? upn.split('@')[0],
        accountEnabled: input.accountEnabled ?? true,
        globalAdmin: input.globalAdmin ?? false,
        passwordHash: hash,
        passwordSalt: salt,
        now: now(),
      });
      return store.transaction(() => {
        if (lookup(indexKey.upn(upn))) throw objectConflict('userPrincipalName');
        requireNewObjectId(user.id);
        putObject(user);
        store.put<IndexEntry>(INDEX_KIND, indexKey.upn(upn), { objectId: user.id });
        return user;
      });
    },

    updateUser(objectId, changes, password) {
      const hashed = password === undefined ? undefined : hashPassword(password, random);
      return store.transaction(() => {
        const user = mustGet(getUser(objectId), objectId);
        const oldUpn = user.userPrincipalName;
        applyChanges(user, changes);
        if (hashed) {
          user._passwordHash = hashed.hash;
          user._passwordSalt = hashed.salt;
        }
        if (user.userPrincipalName.toLowerCase() !== oldUpn.toLowerCase()) {
          if (lookup(indexKey.upn(user.userPrincipalName))) throw objectConflict('userPrincipalName');
          store.delete(INDEX_KIND, indexKey.upn(oldUpn));
          store.put<IndexEntry>(INDEX_KIND, indexKey.upn(user.userPrincipalName), { objectId: user.id });
        }
        putObject(user);
        return user;
      });
    },

    setUserPassword(objectId, password) {
      dir.updateUser(objectId, {}, password);
    },

    createApplication(input) {
      const app = newApplicationRecord({
        id: ids.uuid(),
        appId: ids.uuid(),
        displayName: input.displayName,
        owners: input.owners ?? [],
        now: now(),
        properties: input.properties,
      });
      return store.transaction(() => {
        requireNewObjectId(app.id);
        putObject(app);
        store.put<IndexEntry>(INDEX_KIND, indexKey.application(app.appId), { objectId: app.id });
        return app;
      });
    },

    updateApplication(objectId, changes) {
      return store.transaction(() => {
        const app = mustGet(getApplication(objectId), objectId);
        applyChanges(app, changes);
        putObject(app);
        // The application's service principal carries its identifier URIs as service principal names.
        const sp = getServicePrincipalByAppId(app.appId);
        if (sp && 'identifierUris' in changes) {
          sp.servicePrincipalNames = [app.appId, ...(app.identifierUris ?? [])];
          putObject(sp);
        }
        return app;
      });
    },

    addApplicationPassword(objectId, input) {
      const t = clock.now();
      const start = input.startDateTime ? Date.parse(input.startDateTime) : t;
      const end = input.endDateTime ? Date.parse(input.endDateTime) : start + DEFAULT_SECRET_LIFETIME_MS;
      if (Number.isNaN(start)) throw badRequest("Invalid value specified for property 'startDateTime' of resource 'PasswordCredential'.");
      if (Number.isNaN(end) || end <= start) throw badRequest("Invalid value specified for property 'endDateTime' of resource 'PasswordCredential'.");
      const secretText = generateClientSecret(random);
      const { hash, salt } = hashSecret(secretText, random);
      const credential: PasswordCredentialRecord = {
        keyId: ids.uuid(),
        displayName: input.displayName ?? null,
        hint: secretText.slice(0, 3),
        startDateTime: new Date(start).toISOString(),
        endDateTime: new Date(end).toISOString(),
        _hash: hash,
        _salt: salt,
      };
      store.transaction(() => {
        const app = mustGet(getApplication(objectId), objectId);
        app.passwordCredentials.push(credential);
        putObject(app);
      });
      return { credential, secretText };
    },

    removeApplicationPassword(objectId, keyId) {
      return store.transaction(() => {
        const app = mustGet(getApplication(objectId), objectId);
        const kept = app.passwordCredentials.filter((c) => c.keyId.toLowerCase() !== keyId.toLowerCase());
        if (kept.length === app.passwordCredentials.length) return false;
        app.passwordCredentials = kept;
        putObject(app);
        return true;
      });
    },

    createServicePrincipal(input) {
      return store.transaction(() => {
        const app = getApplicationByAppId(input.appId);
        if (!app) throw badRequest(`The appId '${input.appId}' of the service principal does not reference a valid application object.`);
        const sp = newApplicationServicePrincipal({
          id: ids.uuid(),
          app,
          tenantId,
          owners: input.owners ?? [],
          now: now(),
          properties: input.properties,
        });
        putServicePrincipal(sp);
        return sp;
      });
    },

    updateServicePrincipal(objectId, changes) {
      return store.transaction(() => {
        const sp = mustGet(getServicePrincipal(objectId), objectId);
        applyChanges(sp, changes);
        putObject(sp);
        return sp;
      });
    },

    createManagedIdentityPrincipal(input) {
      const sp = newManagedIdentityPrincipal({
        id: input.objectId ?? ids.uuid(),
        clientId: input.clientId ?? ids.uuid(),
        displayName: input.displayName,
        resourceId: input.resourceId,
        now: now(),
      });
      store.transaction(() => putServicePrincipal(sp));
      return sp;
    },

    deleteObject(objectId) {
      return store.transaction(() => {
        const o = getDoc<DirectoryObject>(objectId);
        if (!o) return false;
        switch (o['@odata.type']) {
          case '#microsoft.graph.user':
            store.delete(INDEX_KIND, indexKey.upn(o.userPrincipalName));
            break;
          case '#microsoft.graph.application': {
            // Deleting an application deletes its service principal in this tenant.
            const sp = getServicePrincipalByAppId(o.appId);
            if (sp) {
              store.delete(OBJECT_KIND, sp.id);
              store.delete(INDEX_KIND, indexKey.servicePrincipal(sp.appId));
            }
            store.delete(INDEX_KIND, indexKey.application(o.appId));
            break;
          }
          case '#microsoft.graph.servicePrincipal':
            store.delete(INDEX_KIND, indexKey.servicePrincipal(o.appId));
            break;
        }
        return store.delete(OBJECT_KIND, objectId);
      });
    },
  };
  return dir;
}
