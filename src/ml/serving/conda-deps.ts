/**
 * An environment's conda file as the Python host checks it: every conda and pip package becomes a module to import
 * (scikit-learn → sklearn, azure-storage-blob → azure.storage.blob, …) with its version pin; the interpreter and
 * packaging tools are skipped; packages the host itself provides (the inference server, azureml-defaults,
 * inference-schema) count as present.
 */
import { parse } from 'yaml';

export interface Requirement {
  /** Package name as written (without channel or extras). */
  package: string;
  /** Module to import. */
  module: string;
  op?: string;
  version?: string;
  source: 'conda' | 'pip';
}

export interface CondaRequirements {
  /** `python=3.12` → `3.12`. */
  python?: string;
  requirements: Requirement[];
  /** Packages satisfied by the scoring host itself. */
  provided: string[];
  /** Entries that are not Python modules (tools, native libraries, pip options). */
  skipped: string[];
}

const PROVIDED = new Set(['azureml-inference-server-http', 'azureml-defaults', 'inference-schema', 'azureml-contrib-services']);
const NOT_MODULES = new Set(['python', 'pip', 'setuptools', 'wheel', 'conda', 'mamba', 'nomkl', 'mkl', 'openmpi', 'mpi', 'ca-certificates', 'openssl', 'tzdata', 'cudatoolkit', 'cudnn', 'nccl', 'blas', 'libblas']);

const MODULES: Record<string, string> = {
  'scikit-learn': 'sklearn',
  sklearn: 'sklearn',
  'scikit-image': 'skimage',
  pyyaml: 'yaml',
  pillow: 'PIL',
  'opencv-python': 'cv2',
  'opencv-python-headless': 'cv2',
  'opencv-contrib-python': 'cv2',
  beautifulsoup4: 'bs4',
  'python-dateutil': 'dateutil',
  protobuf: 'google.protobuf',
  'typing-extensions': 'typing_extensions',
  'importlib-metadata': 'importlib_metadata',
  'msrest-azure': 'msrestazure',
  msrestazure: 'msrestazure',
  pytorch: 'torch',
  'tensorflow-cpu': 'tensorflow',
  'tensorflow-gpu': 'tensorflow',
  'py-xgboost': 'xgboost',
  'lightgbm': 'lightgbm',
  'python-dotenv': 'dotenv',
  'pyjwt': 'jwt',
  'attrs': 'attr',
  'azure-ai-ml': 'azure.ai.ml',
};

/** The module a package is imported as. */
export function moduleForPackage(pkg: string): string {
  const name = pkg.toLowerCase().replace(/_/g, '-');
  if (MODULES[name]) return MODULES[name];
  if (/^(azure|azureml)-/.test(name)) return name.replace(/-/g, '.');
  return name.replace(/[-.]/g, '_');
}

const SPEC = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*(?:(==|>=|<=|~=|!=|=|<|>)\s*([^\s,;=<>!~]+)|\s+([0-9][^\s,;]*))?/;

function parseEntry(raw: string, source: 'conda' | 'pip'): { name: string; op?: string; version?: string } | undefined {
  let s = raw.trim();
  if (s === '' || s.startsWith('-') || s.startsWith('#')) return undefined;
  if (source === 'conda' && s.includes('::')) s = s.slice(s.indexOf('::') + 2);
  const m = SPEC.exec(s);
  if (!m) return undefined;
  const op = m[2] ?? (m[4] ? '=' : undefined);
  const version = (m[3] ?? m[4])?.replace(/\.\*$/, '');
  return { name: m[1], ...(op && version ? { op, version } : {}) };
}

/** Parses a conda file (YAML or JSON text). Throws an Error with a readable message when it is not one. */
export function parseCondaFile(text: string): CondaRequirements {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (e) {
    throw new Error(`The environment's conda file is not valid YAML: ${(e as Error).message}`);
  }
  const out: CondaRequirements = { requirements: [], provided: [], skipped: [] };
  const deps = doc && typeof doc === 'object' ? (doc as { dependencies?: unknown }).dependencies : undefined;
  if (deps === undefined || deps === null) return out;
  if (!Array.isArray(deps)) throw new Error("The environment's conda file has a 'dependencies' entry that is not a list.");
  const add = (raw: string, source: 'conda' | 'pip') => {
    const e = parseEntry(raw, source);
    if (!e) {
      out.skipped.push(raw);
      return;
    }
    const lower = e.name.toLowerCase().replace(/_/g, '-');
    if (lower === 'python') {
      if (e.version) out.python = e.version;
      return;
    }
    if (PROVIDED.has(lower)) {
      out.provided.push(e.name);
      return;
    }
    if (NOT_MODULES.has(lower) || lower.startsWith('lib') || lower.startsWith('cuda')) {
      out.skipped.push(raw);
      return;
    }
    if (out.requirements.some((r) => r.package.toLowerCase() === e.name.toLowerCase())) return;
    out.requirements.push({ package: e.name, module: moduleForPackage(e.name), source, ...(e.op ? { op: e.op, version: e.version } : {}) });
  };
  for (const d of deps) {
    if (typeof d === 'string') add(d, 'conda');
    else if (d && typeof d === 'object' && Array.isArray((d as { pip?: unknown }).pip)) {
      for (const p of (d as { pip: unknown[] }).pip) if (typeof p === 'string') add(p, 'pip');
    }
  }
  return out;
}
