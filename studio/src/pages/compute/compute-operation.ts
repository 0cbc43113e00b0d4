/**
 * Starts an ARM long-running operation and returns once Azure has accepted it (a refusal throws at once, so a
 * dialog can show it); `done` then follows `Azure-AsyncOperation` or `Location` until the operation ends.
 */
import { armUrl } from '../../api/config.js';
import { ApiFailure, call, callJson } from '../../api/http.js';

export interface Accepted {
  status: number;
  done: () => Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function beginOperation(method: string, path: string, apiVersion: string, query = ''): Promise<Accepted> {
  const res = await call(armUrl(`${path}?api-version=${apiVersion}${query}`), { method });
  await res.text().catch(() => '');
  const asyncOp = res.headers.get('azure-asyncoperation');
  const location = res.headers.get('location');
  const wait = Math.min(Math.max(Number(res.headers.get('retry-after') ?? '1') || 1, 0.5), 2) * 1000;
  const done = async (): Promise<void> => {
    if (res.status !== 202 && res.status !== 201) return;
    for (let i = 0; i < 600; i++) {
      await sleep(wait);
      if (asyncOp) {
        const op = await callJson<{ status: string; error?: { code?: string; message?: string } }>(asyncOp);
        if (op.status === 'Succeeded') return;
        if (op.status === 'Failed' || op.status === 'Canceled') throw new ApiFailure(200, op.error?.code ?? op.status, op.error?.message ?? `The operation ended ${op.status}.`);
      } else if (location) {
        const r = await call(location);
        await r.text().catch(() => '');
        if (r.status !== 202) return;
      } else {
        return;
      }
    }
    throw new ApiFailure(0, 'Timeout', 'The operation did not finish in 10 minutes.');
  };
  return { status: res.status, done };
}
