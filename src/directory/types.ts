/**
 * Directory objects (Microsoft Graph v1.0 shapes, stored as Graph returns them, plus private fields prefixed `_`).
 */
export interface PasswordCredentialRecord {
  keyId: string;
  displayName?: string | null;
  hint: string;
  startDateTime: string;
  endDateTime: string;
  /** scrypt/sha256 hash of the secret — never the secret itself. */
  _hash: string;
  _salt: string;
}

export interface UserRecord {
  '@odata.type': '#microsoft.graph.user';
  id: string;
  displayName: string;
  userPrincipalName: string;
  mail?: string | null;
  mailNickname?: string;
  accountEnabled: boolean;
  givenName?: string | null;
  surname?: string | null;
  jobTitle?: string | null;
  businessPhones: string[];
  _passwordHash: string;
  _passwordSalt: string;
  /** Directory role: Global Administrator for `admin`. */
  _globalAdmin?: boolean;
  _createdDateTime: string;
}

export interface ApplicationRecord {
  '@odata.type': '#microsoft.graph.application';
  id: string;
  appId: string;
  displayName: string;
  createdDateTime: string;
  signInAudience: string;
  passwordCredentials: PasswordCredentialRecord[];
  identifierUris: string[];
  publicClient?: { redirectUris: string[] };
  spa?: { redirectUris: string[] };
  web?: { redirectUris: string[] };
  _owners: string[];
}

export interface ServicePrincipalRecord {
  '@odata.type': '#microsoft.graph.servicePrincipal';
  id: string;
  appId: string;
  displayName: string;
  servicePrincipalType: 'Application' | 'ManagedIdentity';
  servicePrincipalNames: string[];
  accountEnabled: boolean;
  appOwnerOrganizationId: string;
  alternativeNames: string[];
  createdDateTime?: string;
  tags: string[];
  /** For managed identities: the ARM id of the identity (UAI) or of the resource (system-assigned). */
  _miResourceId?: string;
  _owners: string[];
}

export type DirectoryObject = UserRecord | ApplicationRecord | ServicePrincipalRecord;

/** Directory operations other planes need (token service, RBAC explanations, managed identities). */
export interface Directory {
  tenantId: string;
  /** Default verified domain, e.g. `cerulean.onmicrosoft.com`. */
  domain: string;
  getObject(objectId: string): DirectoryObject | undefined;
  getUser(objectIdOrUpn: string): UserRecord | undefined;
  getApplicationByAppId(appId: string): ApplicationRecord | undefined;
  getServicePrincipalByAppId(appId: string): ServicePrincipalRecord | undefined;
  getServicePrincipal(objectId: string): ServicePrincipalRecord | undefined;
  /** Constant-time check of a user's password. Returns the user when it matches and the account is enabled. */
  verifyUserPassword(upn: string, password: string): UserRecord | undefined;
  /** Constant-time check of an application's client secret (any unexpired password credential). */
  verifyClientSecret(appId: string, secret: string): ServicePrincipalRecord | undefined;
  createUser(input: { displayName: string; userPrincipalName: string; password: string; mailNickname?: string; accountEnabled?: boolean; globalAdmin?: boolean; objectId?: string }): UserRecord;
  /** Creates the service principal backing a managed identity (no application object, like Azure). */
  createManagedIdentityPrincipal(input: { displayName: string; resourceId: string; clientId?: string; objectId?: string }): ServicePrincipalRecord;
  deleteObject(objectId: string): boolean;
  /** Replaces a user's password (bootstrap re-creates a lost admin credentials file). */
  setUserPassword?(objectId: string, password: string): void;
}
