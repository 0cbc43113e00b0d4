/**
 * The platform's identity: tenant and subscription ids, made on first start and kept in the store.
 */
import { randomUUID } from 'node:crypto';
import type { Store } from '../store/store.js';
import type { EnforcementMode, PlatformConfig } from './context.js';

interface StoredConfig {
  tenantId: string;
  subscriptionId: string;
  subscriptionName: string;
  tenantDomain: string;
  defaultLocation: string;
  createdAt: string;
}

export function loadOrCreateConfig(store: Store, dataDir: string, enforcement: EnforcementMode): PlatformConfig {
  let doc = store.get<StoredConfig>('meta', 'platform')?.body;
  if (!doc) {
    doc = {
      tenantId: randomUUID(),
      subscriptionId: randomUUID(),
      subscriptionName: 'Cerulean Subscription',
      tenantDomain: 'cerulean.onmicrosoft.com',
      defaultLocation: 'eastus',
      createdAt: new Date().toISOString(),
    };
    store.put('meta', 'platform', doc);
  }
  return {
    tenantId: doc.tenantId,
    subscriptionId: doc.subscriptionId,
    subscriptionName: doc.subscriptionName,
    tenantDomain: doc.tenantDomain,
    defaultLocation: doc.defaultLocation,
    enforcement,
    dataDir,
  };
}
