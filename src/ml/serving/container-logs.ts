/**
 * A deployment's container logs, as `get-logs` shows them: `storage-initializer` (model and code download steps)
 * and `inference-server` (the scoring hosts' output). Each keeps its last `maxLines` lines in memory.
 */
import type { DeploymentContainer } from '../serving-hooks.js';

export class LineBuffer {
  private readonly lines: string[] = [];
  private start = 0;

  constructor(private readonly maxLines: number) {}

  push(line: string): void {
    if (this.lines.length < this.maxLines) {
      this.lines.push(line);
      return;
    }
    this.lines[this.start] = line;
    this.start = (this.start + 1) % this.maxLines;
  }

  tail(n: number): string[] {
    const all = this.start === 0 ? this.lines : [...this.lines.slice(this.start), ...this.lines.slice(0, this.start)];
    return n >= all.length ? [...all] : all.slice(all.length - n);
  }
}

export class ContainerLogs {
  private readonly buffers = new Map<DeploymentContainer, LineBuffer>();

  constructor(
    private readonly now: () => number,
    private readonly maxLines = 20_000,
  ) {}

  private buffer(c: DeploymentContainer): LineBuffer {
    let b = this.buffers.get(c);
    if (!b) {
      b = new LineBuffer(this.maxLines);
      this.buffers.set(c, b);
    }
    return b;
  }

  /** Appends raw output lines (the hosts write their own timestamps). */
  raw(c: DeploymentContainer, line: string): void {
    this.buffer(c).push(line);
  }

  /** Appends a platform message with a timestamp. */
  note(c: DeploymentContainer, message: string): void {
    const ts = new Date(this.now()).toISOString();
    for (const l of message.split('\n')) this.buffer(c).push(`${ts} ${l}`);
  }

  tail(c: DeploymentContainer, lines: number): string {
    const out = this.buffer(c).tail(Math.max(0, lines));
    return out.length === 0 ? '' : out.join('\n') + '\n';
  }
}

/** Splits a stream into lines and hands each to `onLine` (a trailing partial line is flushed at the end). */
export function forEachLine(stream: NodeJS.ReadableStream, onLine: (line: string) => void): void {
  let rest = '';
  stream.setEncoding?.('utf8');
  stream.on('data', (chunk: string | Buffer) => {
    const text = rest + (typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
    const parts = text.split('\n');
    rest = parts.pop() ?? '';
    for (const p of parts) onLine(p.replace(/\r$/, ''));
  });
  stream.on('end', () => {
    if (rest !== '') onLine(rest);
    rest = '';
  });
}
