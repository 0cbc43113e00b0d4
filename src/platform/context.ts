/**
 * What every plane gets from the platform: configuration and shared services. Built once in create-platform.ts.
 */
import type { Store } from '../store/store.js';
import type { Clock } from '../shared/clock.js';
import type { IdGenerator } from '../shared/ids.js';
import type { DataPaths } from '../shared/data-home.js';
import type { Directory } from '../directory/types.js';
import type { TokenService } from '../identity/types.js';
import type { Logger } from './logger.js';
import type { Authorizer } from '../arm/authorization/authorizer-types.js';

export type EnforcementMode = 'strict' | 'soft' | 'off';

export interface PlatformConfig {
  tenantId: string;
  subscriptionId: string;
  subscriptionName: string;
  tenantDomain: string;
  enforcement: EnforcementMode;
  dataDir: string;
  /** Default location for new resources, e.g. `eastus`. */
  defaultLocation: string;
}

/** Where the studio web client is served: its origins are the only ones the planes answer CORS for, and its
 *  `/auth/callback` under each is the only redirect URI the studio's public client may use. */
export interface StudioSite {
  /** `https://ml.azure.com` and, once the transport listens, the direct origins (`https://localhost:<port>`, `https://127.0.0.1:<port>`). */
  origins: Set<string>;
}

export const STUDIO_PROXY_ORIGIN = 'https://ml.azure.com';

export interface PlatformContext {
  config: PlatformConfig;
  paths: DataPaths;
  store: Store;
  clock: Clock;
  ids: IdGenerator;
  log: Logger;
  directory: Directory;
  tokens: TokenService;
  authz: Authorizer;
  studio: StudioSite;
}
