/**
 * An image layer as registries and container engines expect it: a ustar archive (directories 0755, files 0644,
 * owner root, fixed mtime so the same content gives the same digest), gzip-compressed. The config records the
 * uncompressed digest (`diff_id`); the manifest the compressed one.
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';

export interface LayerFile {
  /** Path inside the image, without a leading slash (`azureml-environment-setup/conda.yml`). */
  path: string;
  content: Buffer;
}

export interface BuiltLayer {
  /** The gzip-compressed tar (the blob). */
  blob: Buffer;
  digest: string;
  diffId: string;
  size: number;
  entries: string[];
}

const BLOCK = 512;

function octal(n: number, width: number): string {
  return n.toString(8).padStart(width - 1, '0') + '\0';
}

function splitName(name: string): { name: string; prefix: string } {
  if (Buffer.byteLength(name) <= 100) return { name, prefix: '' };
  const cut = name.lastIndexOf('/', name.length - 2);
  for (let i = cut; i > 0; i = name.lastIndexOf('/', i - 1)) {
    const prefix = name.slice(0, i);
    const rest = name.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(rest) <= 100) return { name: rest, prefix };
  }
  throw new Error(`path too long for a tar header: ${name}`);
}

function header(path: string, size: number, dir: boolean, mtime: number): Buffer {
  const h = Buffer.alloc(BLOCK, 0);
  const { name, prefix } = splitName(path);
  h.write(name, 0, 100, 'utf8');
  h.write(octal(dir ? 0o755 : 0o644, 8), 100, 8, 'ascii');
  h.write(octal(0, 8), 108, 8, 'ascii');
  h.write(octal(0, 8), 116, 8, 'ascii');
  h.write(octal(size, 12), 124, 12, 'ascii');
  h.write(octal(mtime, 12), 136, 12, 'ascii');
  h.write('        ', 148, 8, 'ascii');
  h.write(dir ? '5' : '0', 156, 1, 'ascii');
  h.write('ustar\0', 257, 6, 'ascii');
  h.write('00', 263, 2, 'ascii');
  h.write('root', 265, 32, 'ascii');
  h.write('root', 297, 32, 'ascii');
  h.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8, 'ascii');
  return h;
}

/** The uncompressed tar of `files` (parent directories added, entries sorted). */
export function tarOf(files: readonly LayerFile[], mtime = 0): { tar: Buffer; entries: string[] } {
  const dirs = new Set<string>();
  const byPath = new Map<string, Buffer>();
  for (const f of files) {
    const p = f.path.replace(/^\/+/, '');
    if (p === '' || p.split('/').some((s) => s === '..' || s === '')) throw new Error(`invalid layer path '${f.path}'`);
    byPath.set(p, f.content);
    const segs = p.split('/');
    for (let i = 1; i < segs.length; i++) dirs.add(segs.slice(0, i).join('/') + '/');
  }
  const entries = [...dirs, ...byPath.keys()].sort();
  const parts: Buffer[] = [];
  for (const e of entries) {
    if (e.endsWith('/')) {
      parts.push(header(e, 0, true, mtime));
      continue;
    }
    const content = byPath.get(e)!;
    parts.push(header(e, content.length, false, mtime), content);
    const pad = (BLOCK - (content.length % BLOCK)) % BLOCK;
    if (pad) parts.push(Buffer.alloc(pad, 0));
  }
  parts.push(Buffer.alloc(BLOCK * 2, 0));
  return { tar: Buffer.concat(parts), entries };
}

export function sha256Digest(b: Buffer): string {
  return `sha256:${createHash('sha256').update(b).digest('hex')}`;
}

export function buildLayer(files: readonly LayerFile[], mtime = 0): BuiltLayer {
  const { tar, entries } = tarOf(files, mtime);
  const blob = gzipSync(tar, { level: 6 });
  return { blob, digest: sha256Digest(blob), diffId: sha256Digest(tar), size: blob.length, entries };
}
