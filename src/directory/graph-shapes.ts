/**
 * Stored records → Microsoft Graph v1.0 response objects: the full property set in Graph's order, `null` for
 * unset values, no `_private` field, no secret. `select` picks properties (`$select`), defaults otherwise.
 */
import type { ApplicationRecord, DirectoryObject, PasswordCredentialRecord, ServicePrincipalRecord, UserRecord } from './types.js';
import type { ObjectType } from './directory-records.js';

export type GraphObject = Record<string, unknown>;

/** Looks a property up in a stored record; `_private` fields and `@odata.type` never leak. */
function pick(rec: object, key: string, fallback: unknown): unknown {
  const v = (rec as Record<string, unknown>)[key];
  return v === undefined ? fallback : v;
}

/** Properties a client may set (or that Graph knows) beyond the listed ones are kept as written. */
function extras(rec: object, known: GraphObject): GraphObject {
  const out: GraphObject = {};
  for (const [k, v] of Object.entries(rec)) {
    if (k.startsWith('_') || k.startsWith('@') || k in known) continue;
    out[k] = v;
  }
  return out;
}

const USER_DEFAULT_SELECT = [
  'businessPhones', 'displayName', 'givenName', 'jobTitle', 'mail', 'mobilePhone', 'officeLocation',
  'preferredLanguage', 'surname', 'userPrincipalName', 'id',
];

function fullUser(u: UserRecord): GraphObject {
  const known: GraphObject = {
    businessPhones: pick(u, 'businessPhones', []),
    displayName: pick(u, 'displayName', null),
    givenName: pick(u, 'givenName', null),
    jobTitle: pick(u, 'jobTitle', null),
    mail: pick(u, 'mail', null),
    mobilePhone: pick(u, 'mobilePhone', null),
    officeLocation: pick(u, 'officeLocation', null),
    preferredLanguage: pick(u, 'preferredLanguage', null),
    surname: pick(u, 'surname', null),
    userPrincipalName: u.userPrincipalName,
    id: u.id,
    accountEnabled: u.accountEnabled,
    createdDateTime: u._createdDateTime ?? null,
    mailNickname: pick(u, 'mailNickname', null),
    userType: pick(u, 'userType', 'Member'),
    usageLocation: pick(u, 'usageLocation', null),
    department: pick(u, 'department', null),
    companyName: pick(u, 'companyName', null),
    employeeId: pick(u, 'employeeId', null),
    otherMails: pick(u, 'otherMails', []),
    proxyAddresses: pick(u, 'proxyAddresses', []),
  };
  return { ...known, ...extras(u, known) };
}

/** Key credentials as Graph reads them back: the public key itself is not returned. */
function keyCredentialsView(rec: object): GraphObject[] {
  const list = pick(rec, 'keyCredentials', []);
  return Array.isArray(list) ? list.map((k: GraphObject) => ({ ...k, key: null })) : [];
}

const emptyInfo = () => ({ logoUrl: null, marketingUrl: null, privacyStatementUrl: null, supportUrl: null, termsOfServiceUrl: null });
const emptyPublisher = () => ({ displayName: null, verifiedPublisherId: null, addedDateTime: null });

export function passwordCredentialView(c: PasswordCredentialRecord, secretText: string | null = null): GraphObject {
  return {
    customKeyIdentifier: null,
    displayName: c.displayName ?? null,
    endDateTime: c.endDateTime,
    hint: c.hint,
    keyId: c.keyId,
    secretText,
    startDateTime: c.startDateTime,
  };
}

function webView(web: unknown): GraphObject {
  const w = (web ?? {}) as GraphObject;
  const redirectUris = Array.isArray(w.redirectUris) ? (w.redirectUris as string[]) : [];
  return {
    homePageUrl: null,
    logoutUrl: null,
    implicitGrantSettings: { enableAccessTokenIssuance: false, enableIdTokenIssuance: false },
    ...w,
    redirectUris,
    redirectUriSettings: redirectUris.map((uri) => ({ uri, index: null })),
  };
}

function fullApplication(a: ApplicationRecord, publisherDomain: string): GraphObject {
  const known: GraphObject = {
    id: a.id,
    deletedDateTime: null,
    appId: a.appId,
    applicationTemplateId: null,
    disabledByMicrosoftStatus: null,
    createdDateTime: a.createdDateTime,
    displayName: a.displayName,
    description: pick(a, 'description', null),
    groupMembershipClaims: pick(a, 'groupMembershipClaims', null),
    identifierUris: a.identifierUris ?? [],
    isDeviceOnlyAuthSupported: pick(a, 'isDeviceOnlyAuthSupported', null),
    isFallbackPublicClient: pick(a, 'isFallbackPublicClient', null),
    nativeAuthenticationApisEnabled: null,
    notes: pick(a, 'notes', null),
    publisherDomain,
    serviceManagementReference: pick(a, 'serviceManagementReference', null),
    signInAudience: a.signInAudience,
    tags: pick(a, 'tags', []),
    tokenEncryptionKeyId: pick(a, 'tokenEncryptionKeyId', null),
    samlMetadataUrl: null,
    defaultRedirectUri: pick(a, 'defaultRedirectUri', null),
    certification: null,
    optionalClaims: pick(a, 'optionalClaims', null),
    servicePrincipalLockConfiguration: null,
    requestSignatureVerification: null,
    addIns: pick(a, 'addIns', []),
    api: {
      acceptMappedClaims: null,
      knownClientApplications: [],
      requestedAccessTokenVersion: null,
      oauth2PermissionScopes: [],
      preAuthorizedApplications: [],
      ...(pick(a, 'api', {}) as GraphObject),
    },
    appRoles: pick(a, 'appRoles', []),
    info: { ...emptyInfo(), ...(pick(a, 'info', {}) as GraphObject) },
    keyCredentials: keyCredentialsView(a),
    parentalControlSettings: pick(a, 'parentalControlSettings', { countriesBlockedForMinors: [], legalAgeGroupRule: 'Allow' }),
    passwordCredentials: a.passwordCredentials.map((c) => passwordCredentialView(c)),
    publicClient: { redirectUris: a.publicClient?.redirectUris ?? [] },
    requiredResourceAccess: pick(a, 'requiredResourceAccess', []),
    verifiedPublisher: emptyPublisher(),
    web: webView(a.web),
    spa: { redirectUris: a.spa?.redirectUris ?? [] },
  };
  return { ...known, ...extras(a, known) };
}

function fullServicePrincipal(sp: ServicePrincipalRecord, app: ApplicationRecord | undefined): GraphObject {
  const mi = sp.servicePrincipalType === 'ManagedIdentity';
  const known: GraphObject = {
    id: sp.id,
    deletedDateTime: null,
    accountEnabled: sp.accountEnabled,
    alternativeNames: sp.alternativeNames ?? [],
    appDisplayName: app?.displayName ?? null,
    appDescription: (app && pick(app, 'description', null)) ?? null,
    appId: sp.appId,
    applicationTemplateId: null,
    appOwnerOrganizationId: sp.appOwnerOrganizationId ?? null,
    appRoleAssignmentRequired: pick(sp, 'appRoleAssignmentRequired', false),
    createdDateTime: sp.createdDateTime ?? null,
    description: pick(sp, 'description', null),
    disabledByMicrosoftStatus: null,
    displayName: sp.displayName,
    homepage: pick(sp, 'homepage', null),
    loginUrl: pick(sp, 'loginUrl', null),
    logoutUrl: pick(sp, 'logoutUrl', null),
    notes: pick(sp, 'notes', null),
    notificationEmailAddresses: pick(sp, 'notificationEmailAddresses', []),
    preferredSingleSignOnMode: pick(sp, 'preferredSingleSignOnMode', null),
    preferredTokenSigningKeyThumbprint: null,
    replyUrls: pick(sp, 'replyUrls', app ? webView(app.web).redirectUris : []),
    servicePrincipalNames: sp.servicePrincipalNames,
    servicePrincipalType: sp.servicePrincipalType,
    signInAudience: mi ? null : (app?.signInAudience ?? 'AzureADMyOrg'),
    tags: sp.tags ?? [],
    tokenEncryptionKeyId: null,
    samlSingleSignOnSettings: null,
    addIns: [],
    appRoles: pick(sp, 'appRoles', (app && pick(app, 'appRoles', [])) ?? []),
    info: { ...emptyInfo(), ...(pick(sp, 'info', {}) as GraphObject) },
    keyCredentials: keyCredentialsView(sp),
    oauth2PermissionScopes: [],
    passwordCredentials: ((pick(sp, 'passwordCredentials', []) as PasswordCredentialRecord[]) ?? []).map((c) => passwordCredentialView(c)),
    resourceSpecificApplicationPermissions: [],
    verifiedPublisher: emptyPublisher(),
  };
  return { ...known, ...extras(sp, known) };
}

export interface ShapeContext {
  domain: string;
  /** Application of a service principal, for `appDisplayName` and friends. */
  applicationOf(appId: string): ApplicationRecord | undefined;
}

/** The full Graph view of any directory object (what `$filter` and `$select` see). */
export function fullView(o: DirectoryObject, sc: ShapeContext): GraphObject {
  switch (o['@odata.type']) {
    case '#microsoft.graph.user':
      return fullUser(o);
    case '#microsoft.graph.application':
      return fullApplication(o, sc.domain);
    default:
      return fullServicePrincipal(o, o.servicePrincipalType === 'Application' ? sc.applicationOf(o.appId) : undefined);
  }
}

/** The properties Graph returns without `$select`. */
export function defaultView(full: GraphObject, type: ObjectType): GraphObject {
  if (type !== 'user') return full;
  return Object.fromEntries(USER_DEFAULT_SELECT.map((k) => [k, full[k]]));
}

/** Applies `$select` (case-insensitive property names, Graph order kept) or the default view. */
export function project(full: GraphObject, type: ObjectType, select: readonly string[] | undefined): GraphObject {
  if (!select) return defaultView(full, type);
  const wanted = new Set(select.map((s) => s.toLowerCase()));
  return Object.fromEntries(Object.entries(full).filter(([k]) => wanted.has(k.toLowerCase())));
}

