/**
 * Structured logging: one JSON object per line (pino). `cerulean start` logs to stdout and to logs/platform.log;
 * tests get a logger that writes only to the file.
 *
 * Lines are collected and reach each destination as one synchronous write at most `LINE_BATCH_MS` after the first
 * of them, or as soon as `LINE_BATCH_BYTES` are pending: under load that is one write for hundreds of requests
 * instead of one per request, with no thread-pool round trip per write. Whatever is still pending when the process
 * exits (normally, on a signal handled by `cerulean start`, or on an uncaught exception) is written then.
 */
import pino from 'pino';
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export type Logger = pino.Logger;

export function createLogger(opts: { logsDir?: string; stdout?: boolean; level?: string }): Logger {
  const targets: LineTarget[] = [];
  if (opts.stdout) targets.push(process.stdout);
  if (opts.logsDir) {
    mkdirSync(opts.logsDir, { recursive: true, mode: 0o700 });
    targets.push(new LogFile(join(opts.logsDir, 'platform.log')));
  }
  const level = opts.level ?? process.env.CERULEAN_LOG_LEVEL ?? 'info';
  if (targets.length === 0) return pino({ level: 'silent' });
  // Every destination takes every line at the logger's level: one batch, handed to each of them.
  const destination = new LineBatch(targets.length === 1 ? targets[0] : tee(targets));
  return pino({ level, base: { svc: 'cerulean' }, timestamp: isoTime }, destination);
}

/** Writes what is pending and closes the log file (lines logged afterwards are dropped). */
export function closeLogger(log: Logger): void {
  const destination = (log as unknown as Record<symbol, unknown>)[pino.symbols.streamSym];
  if (destination instanceof LineBatch) destination.end();
}

function tee(targets: LineTarget[]): LineTarget {
  return {
    write: (text) => {
      for (const t of targets) t.write(text);
    },
    flushSync: () => {
      for (const t of targets) t.flushSync?.();
    },
    end: () => {
      for (const t of targets) if (t !== process.stdout) t.end?.();
    },
  };
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

/** How long a line may wait for others before it is written. */
export const LINE_BATCH_MS = 20;
/** Pending text (UTF-16 code units) that is written at once, without waiting. */
export const LINE_BATCH_BYTES = 64 * 1024;

/** Collects lines and hands them to `target` as one string, after `LINE_BATCH_MS` or once `LINE_BATCH_BYTES` wait. */
export class LineBatch {
  private pending: string[] = [];
  private size = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly target: LineTarget,
    private readonly delayMs = LINE_BATCH_MS,
  ) {
    trackForExit(this);
  }

  write(line: string): boolean {
    this.pending.push(line);
    this.size += line.length;
    if (this.size >= LINE_BATCH_BYTES) this.drain();
    else if (this.timer === undefined) {
      this.timer = setTimeout(() => this.drain(), this.delayMs);
      // A line waiting to be written never keeps the process alive: the exit hook writes it.
      this.timer.unref();
    }
    return true;
  }

  /** What `logger.flush()` calls: writes what is pending. */
  flush(cb?: (err?: Error) => void): void {
    this.flushSync();
    cb?.();
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
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.pending.length === 0) return;
    const text = this.pending.length === 1 ? this.pending[0] : this.pending.join('');
    this.pending = [];
    this.size = 0;
    this.target.write(text);
  }
}

/**
 * A log file written synchronously (the batch already spares the per-line writes), created 0600 and appended to.
 * A failed write (a full disk…) never brings the platform down: the lines are dropped and it is said once on stderr.
 */
export class LogFile implements LineTarget {
  private fd: number | undefined;
  private failed = false;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'a', 0o600);
  }

  write(text: string): void {
    if (this.fd === undefined) return;
    try {
      const bytes = Buffer.from(text, 'utf8');
      for (let off = 0; off < bytes.length; ) off += writeSync(this.fd, bytes, off);
      this.failed = false;
    } catch (err) {
      if (this.failed) return;
      this.failed = true;
      process.stderr.write(`cerulean: could not write to ${this.path} (${(err as Error).message}); log lines are being dropped\n`);
    }
  }

  end(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
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
