/**
 * Studio benchmark: cold load of the endpoints page (navigation start → list rendered) in Debian's Chromium, with a
 * handful of endpoints and with 1,000, beside the render floor measured in the same run (the same rows as a static
 * HTML table set into a blank page); and the JavaScript + CSS the first page transfers, gzip.
 * Run: node --import tsx bench/studio.ts [runs]
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { removeHome, repoRoot, startPlatformProcess, type PlatformProcess } from '../test/support/platform-process.js';
import { adminToken, call } from '../test/support/azure-http.js';
import { browserAvailable, launchStudioBrowser, signInToStudio, STUDIO } from '../test/support/studio-browser.js';

const RUNS = Number(process.argv[2] ?? 10);
const GROUP = 'bench-studio';
const WORKSPACE = 'ws-bench';

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function createEndpoints(p: PlatformProcess, token: string, from: number, to: number): Promise<void> {
  const sub = `https://management.azure.com/subscriptions/${p.runtime.subscriptionId}`;
  const ws = `${sub}/resourceGroups/${GROUP}/providers/Microsoft.MachineLearningServices/workspaces/${WORKSPACE}`;
  const queue = Array.from({ length: to - from }, (_, i) => from + i);
  const worker = async () => {
    for (let n = queue.shift(); n !== undefined; n = queue.shift()) {
      const r = await call(p, 'PUT', `${ws}/onlineEndpoints/ep-${String(n).padStart(4, '0')}?api-version=2024-04-01`, {
        token,
        body: { location: 'eastus', identity: { type: 'SystemAssigned' }, properties: { authMode: 'Key' } },
      });
      if (r.status >= 300) throw new Error(`endpoint ${n}: ${r.status} ${r.text}`);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

async function main(): Promise<void> {
  if (!browserAvailable()) throw new Error('needs /usr/bin/chromium and certutil (apt-get install chromium libnss3-tools)');
  const p = await startPlatformProcess();
  const browser = await launchStudioBrowser(p);
  try {
    const token = await adminToken(p);
    const sub = `https://management.azure.com/subscriptions/${p.runtime.subscriptionId}`;
    await call(p, 'PUT', `${sub}/resourcegroups/${GROUP}?api-version=2022-09-01`, { token, body: { location: 'eastus' } });
    const ws = await call(p, 'PUT', `${sub}/resourceGroups/${GROUP}/providers/Microsoft.MachineLearningServices/workspaces/${WORKSPACE}?api-version=2024-04-01`, {
      token,
      body: { location: 'eastus', identity: { type: 'SystemAssigned' }, properties: {} },
    });
    if (ws.status >= 300) throw new Error(`workspace: ${ws.status} ${ws.text}`);

    // One interactive sign-in; every measured load starts from a new browser context (empty HTTP cache) that gets
    // the same session storage, as a new tab of a signed-in user would after a reload.
    const first = await browser.open();
    await signInToStudio(first.page, p.admin.username, p.admin.password, '/endpoints');
    const session = await first.page.evaluate(() => JSON.stringify(Object.entries(sessionStorage)));
    await first.context.close();
    let transfer = 0;

    const loadOnce = async (expected: number): Promise<number> => {
      const { context, page, errors } = await browser.open();
      await context.addInitScript((s: string) => {
        for (const [k, v] of JSON.parse(s) as Array<[string, string]>) sessionStorage.setItem(k, v);
      }, session);
      await page.goto(`${STUDIO}/endpoints`, { waitUntil: 'commit' });
      await page.waitForFunction((n) => document.querySelectorAll('main table tbody tr').length >= n, expected, { timeout: 60_000, polling: 'raf' });
      const ms = await page.evaluate(() => performance.now());
      // What the cold page transferred for its JavaScript and CSS (compressed bytes on the wire, headers excluded).
      transfer = await page.evaluate(() =>
        (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
          .filter((e) => /\.(js|css)(\?|$)/.test(e.name))
          .reduce((n, e) => n + e.encodedBodySize, 0),
      );
      await context.close();
      if (errors.length) throw new Error(`console errors: ${errors.join('\n')}`);
      return ms;
    };

    const floorOnce = async (rows: number): Promise<number> => {
      const { context, page } = await browser.open();
      const body = Array.from({ length: rows }, (_, i) => `<tr><td><a href="#">ep-${i}</a></td><td>${WORKSPACE}</td><td>Succeeded</td><td>key</td><td>https://ep-${i}.eastus.inference.ml.azure.com/score</td></tr>`).join('');
      const t0 = Date.now();
      await page.setContent(`<!doctype html><table><tbody>${body}</tbody></table>`);
      await page.waitForFunction((n) => document.querySelectorAll('table tbody tr').length >= n, rows, { polling: 'raf' });
      const ms = Date.now() - t0;
      await context.close();
      return ms;
    };

    const results: Array<{ endpoints: number; page: number[]; floor: number[] }> = [];
    let have = 0;
    for (const n of [10, 1000]) {
      await createEndpoints(p, token, have, n);
      have = n;
      await loadOnce(n); // warm the platform's caches (not the browser's)
      const page: number[] = [];
      const floor: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        page.push(await loadOnce(n));
        floor.push(await floorOnce(n));
      }
      results.push({ endpoints: n, page, floor });
    }

    const assets = join(repoRoot, 'dist', 'studio', 'assets');
    let gz = 0;
    for (const f of readdirSync(assets)) if (/\.(js|css)$/.test(f)) gz += gzipSync(readFileSync(join(assets, f)), { level: 9 }).length;

    console.log(`\nStudio endpoints page, cold load (navigation start → list rendered), ${RUNS} runs each`);
    console.log('| endpoints | page median ms | min–max | floor median ms | ratio |');
    console.log('|---:|---:|---:|---:|---:|');
    for (const r of results) {
      const m = median(r.page);
      const f = median(r.floor);
      console.log(`| ${r.endpoints} | ${m.toFixed(0)} | ${Math.min(...r.page).toFixed(0)}–${Math.max(...r.page).toFixed(0)} | ${f.toFixed(0)} | ${(m / Math.max(f, 1)).toFixed(1)}× |`);
    }
    console.log(`\nJS + CSS of the first page: ${(transfer / 1024).toFixed(1)} KiB transferred (browser), ${(gz / 1024).toFixed(1)} KiB gzip -9 of all built JS + CSS`);
  } finally {
    await browser.close();
    await p.stop();
    removeHome(p.home);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
