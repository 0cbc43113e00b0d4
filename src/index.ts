/** Public API of the cerulean package, for test suites: start a whole platform in-process. */
export { createPlatform, clientEnv, type Platform, type PlatformOptions } from './platform/create-platform.js';
export type { RuntimeInfo, AdminCredentials } from './shared/data-home.js';
