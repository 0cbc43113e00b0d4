/**
 * Waiting for Azure ML long-running operations: polls `Azure-AsyncOperation` (or `Location`) and shows az's
 * spinner (`- Running ..`) on a terminal; nothing when stderr is not one. Returns the final status instead of
 * throwing, so callers can word failures as az ml does.
 */
import type { CommandContext } from '../../command-context.js';
import type { ArmClient, ArmResponse } from '../../http/arm-client.js';

export interface LroOutcome {
  status: 'Succeeded' | 'Failed' | 'Canceled';
  error?: { code?: string; message?: string };
}

const FRAMES = ['|', '/', '-', '\\'];

export function spinner(ctx: CommandContext, label = 'Running'): { tick(): void; stop(): void } {
  const tty = process.stderr.isTTY === true && !ctx.globals.onlyShowErrors;
  let i = 0;
  return {
    tick() {
      if (!tty) return;
      ctx.io.stderr(`\r${FRAMES[i % FRAMES.length]} ${label} ${'.'.repeat((i % 3) + 1).padEnd(3)}`);
      i += 1;
    },
    stop() {
      if (tty && i > 0) ctx.io.stderr(`\r${' '.repeat(label.length + 8)}\r`);
    },
  };
}

function retryAfter(headers: Record<string, string>): number {
  const s = Number(headers['retry-after']);
  return Number.isFinite(s) && s >= 0 ? Math.min(Math.max(s, 0.5), 5) * 1000 : 1000;
}

/** Polls an operation started by `first` until it ends. Non-LRO answers (200 without headers) succeed at once. */
export async function waitForOperation(ctx: CommandContext, arm: ArmClient, first: ArmResponse): Promise<LroOutcome> {
  const asyncUrl = first.headers['azure-asyncoperation'];
  const location = first.headers['location'];
  if (!asyncUrl && !(location && first.status === 202)) return { status: 'Succeeded' };
  const spin = spinner(ctx);
  try {
    let wait = Math.min(retryAfter(first.headers), 1000);
    for (;;) {
      spin.tick();
      await ctx.io.sleep(wait);
      if (asyncUrl) {
        const res = await arm.send({ method: 'GET', path: asyncUrl });
        const body = (res.body ?? {}) as { status?: string; error?: { code?: string; message?: string } };
        const state = String(body.status ?? '');
        if (/^succeeded$/i.test(state)) return { status: 'Succeeded' };
        if (/^failed$/i.test(state)) return { status: 'Failed', error: body.error };
        if (/^cancel+ed$/i.test(state)) return { status: 'Canceled', error: body.error };
        wait = retryAfter(res.headers);
      } else {
        const res = await arm.raw({ method: 'GET', path: location! });
        if (res.status === 202) {
          wait = retryAfter(res.headers);
          continue;
        }
        if (res.status >= 400) {
          let error: LroOutcome['error'];
          try {
            error = (JSON.parse(res.text) as { error?: LroOutcome['error'] }).error;
          } catch {
            error = { message: res.text };
          }
          return { status: 'Failed', error };
        }
        return { status: 'Succeeded' };
      }
    }
  } finally {
    spin.stop();
  }
}
