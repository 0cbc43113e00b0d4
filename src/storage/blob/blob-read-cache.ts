/**
 * The records the Blob read path looks up on every request — the storage account, the container, the blob — kept
 * parsed between requests. Each map is emptied by any write to its kind of record (store generations), so a deleted
 * or replaced account, container or blob is looked up afresh; entries are frozen, as every reader shares them.
 */
import type { Store } from '../../store/store.js';
import { GenerationCache, deepFreeze } from '../../store/generation-cache.js';
import { STORAGE_ACCOUNT_KIND, getAccount, type StorageAccountRecord } from '../accounts/account-records.js';
import { BLOB_KIND, CONTAINER_KIND, blobKey, containerKey, type BlobRecord, type BlobRecords, type ContainerRecord } from './blob-records.js';

export class BlobReadCache {
  private readonly accounts: GenerationCache<StorageAccountRecord>;
  private readonly containers: GenerationCache<ContainerRecord>;
  private readonly blobs: GenerationCache<BlobRecord>;

  constructor(
    private readonly store: Store,
    private readonly records: BlobRecords,
  ) {
    this.accounts = new GenerationCache(store, [STORAGE_ACCOUNT_KIND]);
    this.containers = new GenerationCache(store, [CONTAINER_KIND]);
    this.blobs = new GenerationCache(store, [BLOB_KIND], 10_000);
  }

  account(name: string): StorageAccountRecord | undefined {
    const key = name.toLowerCase();
    return this.accounts.get(key) ?? remember(this.accounts, key, getAccount(this.store, name));
  }

  container(account: string, container: string): ContainerRecord | undefined {
    const key = containerKey(account, container).toLowerCase();
    return this.containers.get(key) ?? remember(this.containers, key, this.records.getContainer(account, container));
  }

  blob(account: string, container: string, name: string): BlobRecord | undefined {
    const key = blobKey(account, container, name).toLowerCase();
    return this.blobs.get(key) ?? remember(this.blobs, key, this.records.getBlob(account, container, name));
  }
}

function remember<V>(cache: GenerationCache<V>, key: string, value: V | undefined): V | undefined {
  if (value === undefined) return undefined;
  deepFreeze(value);
  cache.set(key, value);
  return value;
}
