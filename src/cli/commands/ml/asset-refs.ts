/** `azureml:` asset references resolved to ARM ids, as az ml resolves them before sending a deployment. */
import { CliError } from '../../errors.js';
import { ML_API_VERSION, type MlScope } from './ml-scope.js';

export type AssetCollection = 'models' | 'codes' | 'environments';

/**
 * `azureml:name:version`, `azureml:name@latest`, `azureml:/subscriptions/…` (or a bare ARM id) → ARM id of the
 * version; registry references (`azureml://registries/…`) are passed through.
 */
export async function resolveAssetRef(s: MlScope, collection: AssetCollection, ref: string): Promise<string> {
  let r = ref.trim();
  if (r.startsWith('azureml://')) return r;
  if (r.startsWith('azureml:')) r = r.slice('azureml:'.length);
  if (r.startsWith('/subscriptions/')) return r;
  const base = `${s.workspacePath}/${collection}`;
  const at = /^([^@:]+)@latest$/.exec(r);
  if (at) {
    const container = (await s.arm.get(`${base}/${encodeURIComponent(at[1])}`, ML_API_VERSION)) as { properties?: { latestVersion?: string } };
    const v = container.properties?.latestVersion;
    if (!v) throw new CliError(`No versions of ${collection.slice(0, -1)} '${at[1]}' were found.`);
    return `${base}/${at[1]}/versions/${v}`;
  }
  const m = /^([^:]+):([^:]+)$/.exec(r);
  if (!m) throw new CliError(`Invalid ${collection.slice(0, -1)} reference '${ref}': use azureml:<name>:<version> or azureml:<name>@latest.`);
  await s.arm.get(`${base}/${encodeURIComponent(m[1])}/versions/${encodeURIComponent(m[2])}`, ML_API_VERSION);
  return `${base}/${m[1]}/versions/${m[2]}`;
}
