/**
 * Structured logging: one JSON object per line (pino). `cerulean start` logs to stdout and to logs/platform.log;
 * tests get a logger that writes only to the file.
 *
 * Lines logged in one turn of the event loop reach each destination as one write: under load that is one write
 * for many requests instead of one per request (and it spares the file stream a re-scan of its buffer per line).
 * Whatever is still pending when the process exits is written synchronously.
 */
import pino from 'pino';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export type Logger = pino.Logger;

export function createLogger(opts: { logsDir?: string; stdout?: boolean; level?: string }): Logger {
  const streams: pino.StreamEntry[] = [];
  if (opts.stdout) streams.push({ stream: new LineBatch(process.stdout) });
  if (opts.logsDir) {
    mkdirSync(opts.logsDir, { recursive: true, mode: 0o700 });
    streams.push({ stream: new LineBatch(pino.destination({ dest: join(opts.logsDir, 'platform.log'), sync: false, mkdir: true })) });
  }
  const level = opts.level ?? process.env.CERULEAN_LOG_LEVEL ?? 'info';
  if (streams.length === 0) return pino({ level: 'silent' });
  // One destination (the usual case outside `cerulean start`) is written directly, without multistream's fan-out.
  const destination = streams.length === 1 ? streams[0].stream : pino.multistream(streams);
  return pino({ level, base: { svc: 'cerulean' }, timestamp: isoTime }, destination);
}

let stampMs = -1;
let stamp = '';

/** pino's `isoTime` (`,"time":"<ISO 8601>"`), formatted once per millisecond rather than once per line. */
export function isoTime(): string {
  const ms = Date.now();
  if (ms !== stampMs) {
    stampMs = ms;
    stamp = `,"time":"${new Date(ms).toISOString()}"`;
  }
  return stamp;
}

interface LineTarget {
  write(text: string): unknown;
  flushSync?(): void;
  end?(): unknown;
}

/** Collects the lines written during one turn of the event loop and hands them to `target` as one string. */
export class LineBatch {
  private pending: string[] = [];
  private scheduled = false;

  constructor(private readonly target: LineTarget) {
    trackForExit(this);
  }

  write(line: string): boolean {
    this.pending.push(line);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.drain());
    }
    return true;
  }

  /** Writes what is pending and, when the target can, makes it reach the file before returning. */
  flushSync(): void {
    this.drain();
    this.target.flushSync?.();
  }

  end(): void {
    this.drain();
    this.target.end?.();
  }

  private drain(): void {
    this.scheduled = false;
    if (this.pending.length === 0) return;
    const text = this.pending.length === 1 ? this.pending[0] : this.pending.join('');
    this.pending = [];
    this.target.write(text);
  }
}

const live = new Set<WeakRef<LineBatch>>();
let exitHooked = false;

function trackForExit(batch: LineBatch): void {
  if (live.size >= 64) for (const ref of live) if (ref.deref() === undefined) live.delete(ref);
  live.add(new WeakRef(batch));
  if (exitHooked) return;
  exitHooked = true;
  process.on('exit', () => {
    for (const ref of live) {
      try {
        ref.deref()?.flushSync();
      } catch {
        /* the destination is already closed */
      }
    }
  });
}
