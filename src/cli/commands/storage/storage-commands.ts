/** The `az storage account|container|blob` command groups. */
import type { CommandSpec, GroupSpec } from '../../command-spec.js';
import {
  storageAccountCreateCommand,
  storageAccountDeleteCommand,
  storageAccountKeysListCommand,
  storageAccountListCommand,
  storageAccountShowCommand,
} from './storage-account.js';
import { storageBlobDeleteCommand, storageBlobDownloadCommand, storageBlobListCommand, storageBlobShowCommand, storageBlobUploadCommand } from './storage-blob.js';
import { storageContainerCreateCommand, storageContainerDeleteCommand, storageContainerListCommand, storageContainerShowCommand } from './storage-container.js';

export const storageCommands: CommandSpec[] = [
  storageAccountCreateCommand,
  storageAccountShowCommand,
  storageAccountListCommand,
  storageAccountDeleteCommand,
  storageAccountKeysListCommand,
  storageContainerCreateCommand,
  storageContainerListCommand,
  storageContainerShowCommand,
  storageContainerDeleteCommand,
  storageBlobUploadCommand,
  storageBlobDownloadCommand,
  storageBlobListCommand,
  storageBlobShowCommand,
  storageBlobDeleteCommand,
];

export const storageGroups: GroupSpec[] = [
  { path: ['storage'], summary: 'Manage Azure Cloud Storage resources.' },
  { path: ['storage', 'account'], summary: 'Manage storage accounts.' },
  { path: ['storage', 'account', 'keys'], summary: 'Manage storage account keys.' },
  { path: ['storage', 'container'], summary: 'Manage blob storage containers.' },
  { path: ['storage', 'blob'], summary: 'Manage object storage for unstructured data (blobs).' },
];
