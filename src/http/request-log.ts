/**
 * The pipeline's per-request log line (`evt: http`), one per request on every plane. It is the hottest line the
 * platform writes, so it is serialised here from a template rather than by pino's generic object walk: the level,
 * time and bindings come from the logger itself (so the line is byte-for-byte what `log.info(fields)` writes; the
 * test beside this file holds it to that), and only the per-request fields are formatted. Everything else logs
 * through pino as usual.
 */
import pino from 'pino';
import type { Logger } from '../platform/logger.js';

export interface RequestLogFields {
  op: string | undefined;
  method: string;
  host: string;
  path: string;
  status: number;
  ms: number;
  principal: string | undefined;
  requestId: string;
  /** Fields the handler added (`RequestContext.logFields`), written after the others. */
  extra?: Record<string, string | number>;
}

export interface RequestLog {
  /** Whether a line would be written (the logger's level is `info` or lower). */
  enabled(): boolean;
  write(fields: RequestLogFields): void;
}

interface PinoInternals {
  [key: symbol]: unknown;
}

const { chindingsSym, streamSym, timeSym } = pino.symbols;
const INFO = 30;

/** Printable ASCII other than `"` and `\`: JSON needs no escape for it. */
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/** A JSON string literal, as `JSON.stringify` writes it. */
export function jsonString(s: string): string {
  return PLAIN.test(s) ? `"${s}"` : JSON.stringify(s);
}

/** A request log for `log`, a child logger that carries the line's bindings (e.g. `{ evt: 'http', plane }`). */
export function createRequestLog(log: Logger): RequestLog {
  const internals = log as unknown as PinoInternals;
  const stream = internals[streamSym] as { write(line: string): unknown };
  const time = internals[timeSym] as () => string;
  const prefix = `{"level":${INFO}`;
  return {
    enabled: () => log.isLevelEnabled('info'),
    write(f) {
      // Read per line: a child made later (or `log.setBindings`) must not leave this line behind.
      const bindings = internals[chindingsSym] as string;
      let line = `${prefix}${time()}${bindings}`;
      if (f.op !== undefined) line += `,"op":${jsonString(f.op)}`;
      line += `,"method":${jsonString(f.method)},"host":${jsonString(f.host)},"path":${jsonString(f.path)},"status":${f.status},"ms":${Number.isFinite(f.ms) ? f.ms : null}`;
      if (f.principal !== undefined) line += `,"principal":${jsonString(f.principal)}`;
      line += `,"requestId":${jsonString(f.requestId)}`;
      const extra = f.extra;
      if (extra !== undefined) {
        for (const key in extra) {
          const v = extra[key];
          line += `,${jsonString(key)}:${typeof v === 'number' ? (Number.isFinite(v) ? v : null) : jsonString(v)}`;
        }
      }
      line += '}\n';
      stream.write(line);
    },
  };
}
