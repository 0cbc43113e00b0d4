/**
 * Structured logging: one JSON object per line (pino). `cerulean start` logs to stdout and to logs/platform.log;
 * tests get a logger that writes only to the file.
 */
import pino from 'pino';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export type Logger = pino.Logger;

export function createLogger(opts: { logsDir?: string; stdout?: boolean; level?: string }): Logger {
  const streams: pino.StreamEntry[] = [];
  if (opts.stdout) streams.push({ stream: process.stdout });
  if (opts.logsDir) {
    mkdirSync(opts.logsDir, { recursive: true, mode: 0o700 });
    streams.push({ stream: pino.destination({ dest: join(opts.logsDir, 'platform.log'), sync: false, mkdir: true }) });
  }
  const level = opts.level ?? process.env.CERULEAN_LOG_LEVEL ?? 'info';
  if (streams.length === 0) return pino({ level: 'silent' });
  return pino({ level, base: { svc: 'cerulean' }, timestamp: pino.stdTimeFunctions.isoTime }, pino.multistream(streams));
}
