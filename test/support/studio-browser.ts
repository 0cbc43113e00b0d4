/**
 * Debian's Chromium driven by playwright-core against a platform process: the platform's CA trusted through an NSS
 * database under a throwaway HOME (no certificate bypass), all traffic through the platform's deny-by-default proxy,
 * the studio opened as https://ml.azure.com. Console errors and page errors are collected for assertions.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { PlatformProcess } from './platform-process.js';
import { repoRoot } from './platform-process.js';

export const CHROMIUM = process.env.CERULEAN_CHROMIUM ?? '/usr/bin/chromium';
export const STUDIO = 'https://ml.azure.com';

export function browserAvailable(): boolean {
  return existsSync(CHROMIUM) && existsSync('/usr/bin/certutil');
}

export interface StudioBrowser {
  browser: Browser;
  /** A fresh context (own session storage) with one page; console errors collected in `errors`. */
  open(viewport?: { width: number; height: number }): Promise<{ context: BrowserContext; page: Page; errors: string[] }>;
  close(): Promise<void>;
}

export async function launchStudioBrowser(p: PlatformProcess): Promise<StudioBrowser> {
  const home = mkdtempSync(join(tmpdir(), 'cerulean-chromium-'));
  const nssdb = join(home, '.pki', 'nssdb');
  mkdirSync(nssdb, { recursive: true });
  execFileSync('certutil', ['-d', `sql:${nssdb}`, '-A', '-t', 'C,,', '-n', 'cerulean', '-i', p.runtime.caCert]);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    env: { ...process.env, HOME: home },
    proxy: { server: p.runtime.proxyUrl },
  });
  const contexts: BrowserContext[] = [];
  return {
    browser,
    async open(viewport = { width: 1280, height: 800 }) {
      const context = await browser.newContext({ viewport });
      contexts.push(context);
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(e.message));
      return { context, page, errors };
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close().catch(() => undefined);
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** Signs in through the token service's sign-in page; resolves when the studio has rendered. */
export async function signInToStudio(page: Page, username: string, password: string, path = '/'): Promise<void> {
  await page.goto(STUDIO + path);
  await page.waitForURL(/login\.microsoftonline\.com/);
  const user = page.getByLabel(/user ?name|email|sign-in name/i).first();
  if (await user.isVisible()) {
    await user.fill(username);
    const pw = page.getByLabel(/password/i).first();
    if (!(await pw.isVisible())) await page.getByRole('button', { name: /next/i }).click();
  }
  await page.getByLabel(/password/i).first().fill(password);
  await page.getByRole('button', { name: /sign in/i }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor({ timeout: 30_000 });
  if (new URL(page.url()).hostname !== 'ml.azure.com') throw new Error(`signed in, but the page is at ${page.url()}`);
}

/** Where screenshots go: `$CERULEAN_ARTIFACTS` or `<repo>/test-artifacts/studio` (git-ignored). */
export function artifactsDir(): string {
  const dir = process.env.CERULEAN_ARTIFACTS ?? join(repoRoot, 'test-artifacts', 'studio');
  mkdirSync(dir, { recursive: true });
  return dir;
}
