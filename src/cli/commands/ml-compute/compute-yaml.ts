/**
 * Loading a compute instance spec: `--file compute.yaml` (with positions for `file:line:col` errors) and/or the
 * command's options, as az ml merges them. A first line that is only an azuremlschemas `…schema.json` URL (as in
 * the published docs) is read as `$schema: <url>` with a warning showing the corrected line; `custom_applications`
 * is refused before anything is created.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { CliError } from '../../errors.js';
import { parseYamlText, type YamlSource } from '../../ml-yaml/yaml-source.js';
import { applyOverrides, parseSetItems } from '../../ml-yaml/set-overrides.js';
import { validateSpec } from '../../ml-yaml/validate-spec.js';
import { computeInstanceSchema, type ComputeInstanceYaml } from './compute-schema.js';

const BARE_SCHEMA_URL = /^(\s*)(https:\/\/azuremlschemas[a-z]*\.azureedge\.net\/\S+\.schema\.json)\s*$/;

export interface FixedText {
  text: string;
  /** The warning to print when the first line was a bare schema URL. */
  warning?: string;
}

/** Rewrites a bare schema-URL first line (the first non-blank, non-comment line) to `$schema: <url>`. */
export function fixBareSchemaLine(text: string, file: string): FixedText {
  const lines = text.split('\n');
  const i = lines.findIndex((l) => l.trim() !== '' && !l.trim().startsWith('#'));
  if (i < 0) return { text };
  const m = BARE_SCHEMA_URL.exec(lines[i].replace(/\r$/, ''));
  if (!m) return { text };
  const fixed = `${m[1]}$schema: ${m[2]}`;
  lines[i] = fixed + (lines[i].endsWith('\r') ? '\r' : '');
  return {
    text: lines.join('\n'),
    warning: `${file}:${i + 1}: the line is a bare schema URL, not YAML; it was read as '${fixed.trim()}'. Write that line in the file to silence this warning.`,
  };
}

export interface ComputeOptions {
  name?: string;
  type?: string;
  size?: string;
  description?: string;
  location?: string;
  identityType?: string;
  userAssignedIdentities?: string[];
  set?: readonly string[];
}

export interface LoadedCompute {
  spec: ComputeInstanceYaml;
  warnings: string[];
}

function readText(path: string, display: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new CliError(`Can't find ${display}: no such file or directory.`);
    throw new CliError(`Cannot read ${display}: ${(e as Error).message}`);
  }
}

/** Parses YAML text (already read) into a validated spec, with the command's options applied on top. */
export function loadComputeText(text: string | undefined, file: string | undefined, opts: ComputeOptions): LoadedCompute {
  const warnings: string[] = [];
  let source: YamlSource | undefined;
  if (text !== undefined && file !== undefined) {
    const fixed = fixBareSchemaLine(text, file);
    if (fixed.warning) warnings.push(fixed.warning);
    source = parseYamlText(fixed.text, file);
    if (source.data !== null && (typeof source.data !== 'object' || Array.isArray(source.data))) {
      throw new CliError(`${source.locate([])} the file must hold a YAML mapping (name: …, type: computeinstance, …).`);
    }
  }
  const overrides = parseSetItems(opts.set);
  for (const [key, value] of Object.entries({ name: opts.name, type: opts.type, size: opts.size, description: opts.description, location: opts.location })) {
    if (value !== undefined) overrides.push({ key, path: [key], value });
  }
  const data = applyOverrides(structuredClone((source?.data as Record<string, unknown> | undefined) ?? {}), overrides);
  if (opts.identityType !== undefined) {
    const uais = (opts.userAssignedIdentities ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
    data.identity = { type: opts.identityType, ...(uais.length > 0 ? { user_assigned_identities: uais.map((resource_id) => ({ resource_id })) } : {}) };
  } else if (opts.userAssignedIdentities?.length) {
    throw new CliError('--user-assigned-identities needs --identity-type UserAssigned.', 2);
  }
  if (data.custom_applications !== undefined && data.custom_applications !== null) {
    const where = source ? source.locate([], 'custom_applications') : 'command line';
    throw new CliError(
      `${where} custom_applications: custom applications (RStudio, Posit Workbench, other Docker images) run as containers on a compute instance, ` +
        'and this machine has no container engine for them. Remove custom_applications from the file; nothing was created.',
    );
  }
  const spec = validateSpec(computeInstanceSchema, data, source, overrides);
  if (spec.identity?.type === 'UserAssigned' && !(spec.identity.user_assigned_identities ?? []).length) {
    const where = source ? source.locate(['identity']) : 'command line';
    throw new CliError(`${where} identity.user_assigned_identities: Missing data for required field: a user_assigned identity needs at least one resource_id.`);
  }
  if (spec.identity?.type === 'SystemAssigned,UserAssigned') {
    throw new CliError('A compute instance can have a system-assigned identity or user-assigned identities, not both.');
  }
  return { spec, warnings };
}

/** `--file` (relative to `cwd`) and the options. */
export function loadCompute(file: string | undefined, cwd: string, opts: ComputeOptions): LoadedCompute {
  if (!file) return loadComputeText(undefined, undefined, opts);
  return loadComputeText(readText(isAbsolute(file) ? file : resolve(cwd, file), file), file, opts);
}
