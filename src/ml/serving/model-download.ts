/**
 * The storage initializer: model and code assets live as blobs in a workspace datastore (normally the default
 * `workspaceblobstore`, container `azureml-blobstore-<workspaceId>`). Their URIs — `azureml://…/datastores/<ds>/paths/<p>`,
 * `https://<account>.blob.core.windows.net/<container>/<p>` or `wasbs://<container>@<account>.blob.core.windows.net/<p>`
 * — are resolved to a container; the endpoint identity must be allowed to read blobs there (RBAC data action), and
 * then the files are copied into the deployment's folder, keeping the uploaded folder name.
 */
import { chmodSync, copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import type { PlatformContext } from '../../platform/context.js';
import type { Principal } from '../../shared/principal.js';
import { getArmResource } from '../../arm/resource-store.js';
import { blobScope, getAccount } from '../../storage/accounts/account-records.js';
import { BlobRecords } from '../../storage/blob/blob-records.js';
import { ContentFiles } from '../../storage/blob/content-files.js';
import { BLOB_PATH_ATTRIBUTE, CONTAINER_NAME_ATTRIBUTE } from '../../storage/blob/blob-plane.js';
import { ProvisioningError } from './deployment-spec.js';

export const BLOB_READ = 'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read';

export interface BlobLocation {
  account: string;
  container: string;
  /** Blob name or folder prefix (no leading or trailing slash). */
  path: string;
}

const DATASTORE_URI = /^azureml:\/\/(?:subscriptions\/([^/]+)\/resource[gG]roups\/([^/]+)\/(?:providers\/Microsoft\.MachineLearningServices\/)?workspaces\/([^/]+)\/)?datastores\/([^/]+)\/paths\/(.*)$/i;
const HTTPS_URI = /^https:\/\/([a-z0-9]+)\.blob\.core\.windows\.net\/([^/]+)\/(.*)$/i;
const WASBS_URI = /^wasbs?:\/\/([^@/]+)@([a-z0-9]+)\.blob\.core\.windows\.net\/(.*)$/i;

function trimPath(p: string): string {
  return decodeURIComponent(p).replace(/^\/+|\/+$/g, '');
}

/** Where an asset URI points. `workspaceId` resolves short `azureml://datastores/…` URIs. */
export function resolveAssetUri(ctx: PlatformContext, uri: string, workspaceId: string): BlobLocation {
  let m = HTTPS_URI.exec(uri);
  if (m) return { account: m[1].toLowerCase(), container: m[2], path: trimPath(m[3]) };
  m = WASBS_URI.exec(uri);
  if (m) return { account: m[2].toLowerCase(), container: m[1], path: trimPath(m[3]) };
  m = DATASTORE_URI.exec(uri);
  if (!m) throw new ProvisioningError(`The asset URI '${uri}' is not a datastore or blob URI Cerulean can read.`, 'AssetNotFound');
  const ws = m[1] ? `/subscriptions/${m[1]}/resourceGroups/${m[2]}/providers/Microsoft.MachineLearningServices/workspaces/${m[3]}` : workspaceId;
  const ds = getArmResource<Record<string, unknown>>(ctx.store, `${ws}/datastores/${m[4]}`);
  const account = ds?.properties.accountName;
  const container = ds?.properties.containerName;
  if (typeof account !== 'string' || typeof container !== 'string') {
    throw new ProvisioningError(`The datastore '${m[4]}' of asset URI '${uri}' does not exist or is not an Azure Blob datastore.`, 'AssetNotFound');
  }
  return { account: account.toLowerCase(), container, path: trimPath(m[5]) };
}

/** Fails unless `principal` may read blobs in the location's container (names the role and scope otherwise). */
export function requireBlobRead(ctx: PlatformContext, principal: Principal, loc: BlobLocation, what: string): void {
  const account = getAccount(ctx.store, loc.account);
  if (!account) throw new ProvisioningError(`The storage account '${loc.account}' of the ${what} does not exist.`, 'AssetNotFound');
  const scope = blobScope(account, loc.container);
  const result = ctx.authz.authorize({
    principal,
    action: BLOB_READ,
    dataAction: true,
    scope,
    plane: 'ml-serving',
    attributes: { [CONTAINER_NAME_ATTRIBUTE]: loc.container, [BLOB_PATH_ATTRIBUTE]: loc.path },
  });
  if (result.allowed) return;
  throw new ProvisioningError(
    `The endpoint identity (principal id ${principal.objectId}, client id ${principal.appId ?? 'unknown'}) cannot download the ${what} ` +
      `from storage account '${loc.account}', container '${loc.container}': it lacks the data action '${BLOB_READ}' at scope '${scope}'. ` +
      `Assign it the 'Storage Blob Data Reader' role on the workspace storage account '${account.id}' ` +
      `(az role assignment create --assignee-object-id ${principal.objectId} --assignee-principal-type ServicePrincipal --role "Storage Blob Data Reader" --scope ${account.id}), then create the deployment again.`,
    'StorageAuthorizationFailed',
  );
}

export interface DownloadResult {
  files: number;
  bytes: number;
  /** The folder (or file) name the asset keeps below `destDir`. */
  name: string;
}

/**
 * Copies the blob (or every blob below the folder) at `loc` to `destDir/<last path segment>/…` (folder) or
 * `destDir/<file name>` (single blob). Directories 0755, files 0644 (an isolated workload reads them under its own uid).
 */
export function downloadAsset(ctx: PlatformContext, loc: BlobLocation, destDir: string, note: (line: string) => void): DownloadResult {
  const records = new BlobRecords(ctx.store);
  const files = new ContentFiles(ctx.paths.blobsDir);
  if (!records.getContainer(loc.account, loc.container)) {
    throw new ProvisioningError(`The container '${loc.container}' of storage account '${loc.account}' does not exist.`, 'AssetNotFound');
  }
  const name = posix.basename(loc.path) || loc.container;
  const single = loc.path ? records.getBlob(loc.account, loc.container, loc.path) : undefined;
  const blobs = single ? [single] : records.listBlobs(loc.account, loc.container, loc.path ? `${loc.path}/` : '');
  if (blobs.length === 0) throw new ProvisioningError(`No blobs found at '${loc.path}' in container '${loc.container}' of storage account '${loc.account}'.`, 'AssetNotFound');
  mkdirSync(destDir, { recursive: true, mode: 0o755 });
  let bytes = 0;
  for (const b of blobs) {
    const rel = single ? name : posix.join(name, b.name.slice(loc.path ? loc.path.length + 1 : 0));
    if (rel.split('/').some((s) => s === '..')) continue;
    const target = join(destDir, ...rel.split('/'));
    mkdirSync(dirname(target), { recursive: true, mode: 0o755 });
    copyFileSync(files.path(b.fileId), target);
    chmodSync(target, 0o644);
    bytes += b.size;
    note(`Downloaded ${b.name} (${b.size} bytes) to ${rel}`);
  }
  return { files: blobs.length, bytes, name };
}
