/**
 * Loads an az ml YAML file the way `az ml <thing> create -f file --set … --name …` does: parse with positions,
 * apply `--set` items then the command's own overrides (name, endpoint name…), validate against the schema.
 */
import { dirname, isAbsolute, resolve } from 'node:path';
import type { z } from 'zod';
import { applyOverrides, parseSetItems, type Override } from './set-overrides.js';
import { validateSpec } from './validate-spec.js';
import { loadYamlFile, type YamlSource } from './yaml-source.js';

export interface LoadSpecOptions {
  /** `--file` as given (relative to `cwd`); absent when the command is built from options only. */
  file?: string;
  cwd: string;
  /** Raw `--set` items. */
  set?: readonly string[];
  /** Overrides from the command's own options, applied after `--set` (undefined values skipped). */
  params?: Record<string, string | undefined>;
}

export interface LoadedSpec<T> {
  spec: T;
  /** Directory local paths in the file are relative to. */
  baseDir: string;
  source?: YamlSource;
}

export function loadSpec<S extends z.ZodType>(schema: S, opts: LoadSpecOptions): LoadedSpec<z.output<S>> {
  const source = opts.file ? loadYamlFile(isAbsolute(opts.file) ? opts.file : resolve(opts.cwd, opts.file), opts.file) : undefined;
  const overrides: Override[] = [...parseSetItems(opts.set)];
  for (const [key, value] of Object.entries(opts.params ?? {})) {
    if (value !== undefined) overrides.push({ key, path: [key], value, origin: 'param' });
  }
  const data = applyOverrides(structuredClone(source?.data ?? {}), overrides);
  const spec = validateSpec(schema, data, source, overrides);
  const baseDir = opts.file ? dirname(isAbsolute(opts.file) ? opts.file : resolve(opts.cwd, opts.file)) : opts.cwd;
  return { spec, baseDir, source };
}
