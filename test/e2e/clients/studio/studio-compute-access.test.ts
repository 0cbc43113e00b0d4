/**
 * The studio in Debian's Chromium, signed in through the token service's sign-in page as https://ml.azure.com:
 * a compute instance with a user-assigned identity created from the New form is the instance `az ml compute show`
 * reports and whose token inside `cerulean compute exec` names that identity; a Reader sees create/delete greyed out
 * and, when a request is forced anyway, Azure's AuthorizationFailed message; every main page renders at 1280×800 and
 * 390×844 with no console errors (screenshots saved as test artifacts).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { removeHome, startPlatformProcess, type PlatformProcess } from '../../../support/platform-process.js';
import { assignRole, ROLES } from '../../../support/azure-http.js';
import { artifactsDir, browserAvailable, launchStudioBrowser, signInToStudio, STUDIO, type StudioBrowser } from '../../../support/studio-browser.js';
import { az, cerulean, json, ok } from '../../ml-compute/fixtures/compute-cli.js';

if (!browserAvailable() && process.env.CI) throw new Error('the studio tests need /usr/bin/chromium and certutil: apt-get install chromium libnss3-tools');
const skip = !browserAvailable() && 'chromium or certutil is not installed';

const G = 'studio-rg';
const W = 'studio-ws';

describe('studio: compute form, Reader view, main pages', { skip, timeout: 600_000 }, () => {
  let p: PlatformProcess;
  let b: StudioBrowser;
  let uai: { id: string; clientId: string; principalId: string };
  let groupId: string;

  before(async () => {
    p = await startPlatformProcess();
    groupId = json(await az(p, 'group', 'create', '-n', G, '-l', 'eastus')).id;
    ok(await az(p, 'ml', 'workspace', 'create', '-n', W, '-g', G, '-o', 'none'));
    uai = json(await az(p, 'identity', 'create', '-n', 'studio-uai', '-g', G));
    b = await launchStudioBrowser(p);
  });

  after(async () => {
    await b?.close();
    await p?.stop();
    if (p) removeHome(p.home);
  });

  test('admin creates a compute instance with a user-assigned identity from the New form', async () => {
    const { page, errors } = await b.open();
    await signInToStudio(page, p.admin.username, p.admin.password, `/compute/${G}/${W}/new`);
    await page.getByLabel('Compute name').fill('ci-from-studio');
    await page.getByText('Advanced settings').click();
    await page.getByLabel('Assign a managed identity').check();
    await page.getByLabel('User-assigned').check();
    const picker = page.getByLabel('User-assigned identity');
    await picker.locator('option', { hasText: 'studio-uai' }).waitFor({ state: 'attached' });
    await picker.selectOption({ label: await picker.locator('option', { hasText: 'studio-uai' }).innerText() });
    await page.getByRole('button', { name: 'Create' }).click();
    await page.waitForURL(new RegExp(`/compute/${G}/${W}/ci-from-studio$`), { timeout: 120_000 });
    await page.getByText('Running', { exact: false }).first().waitFor({ timeout: 120_000 });
    await page.screenshot({ path: join(artifactsDir(), 'compute-detail.png') });
    assert.deepEqual(errors, []);

    const shown = json(await az(p, 'ml', 'compute', 'show', '-n', 'ci-from-studio', '-g', G, '-w', W));
    assert.equal(shown.identity.type, 'user_assigned');
    assert.deepEqual(shown.identity.user_assigned_identities, [{ client_id: uai.clientId, principal_id: uai.principalId, resource_id: uai.id }]);

    const code = [
      'import json, os, urllib.request',
      "req = urllib.request.Request(os.environ['MSI_ENDPOINT'] + '?resource=https://storage.azure.com/&api-version=2017-09-01', headers={'secret': os.environ['MSI_SECRET']})",
      'print(json.dumps(json.load(urllib.request.urlopen(req))))',
    ].join('\n');
    const r = await cerulean(p, ['compute', 'exec', 'ci-from-studio', '-g', G, '-w', W, '--', '/usr/bin/python3', '-c', code]);
    const token = JSON.parse(ok(r).trim().split('\n').pop()!);
    assert.equal(token.client_id, uai.clientId);
    const claims = JSON.parse(Buffer.from(token.access_token.split('.')[1], 'base64url').toString());
    assert.equal(claims.appid, uai.clientId);
    assert.equal(claims.oid, uai.principalId);
  });

  test('a Reader sees create and delete greyed out; a forced request shows AuthorizationFailed', async () => {
    const upn = `reader@${json(await az(p, 'account', 'show')).user.name.split('@')[1]}`;
    const reader = json(await az(p, 'ad', 'user', 'create', '--display-name', 'Studio Reader', '--user-principal-name', upn, '--password', 'Reader-passw0rd!'));
    assert.equal((await assignRole(p, groupId, ROLES.Reader, reader.id, 'User')).status, 201);

    const { page, errors } = await b.open();
    await signInToStudio(page, upn, 'Reader-passw0rd!', `/compute/${G}/${W}`);
    await page.getByRole('button', { name: 'New' }).first().waitFor();
    // Controls start enabled and are greyed once the permissions API has answered for the workspace.
    await page.waitForFunction(() => [...document.querySelectorAll('button')].some((x) => x.textContent?.trim() === 'New' && x.disabled), undefined, { timeout: 15_000 });

    await page.goto(`${STUDIO}/identities/${G}/studio-uai`);
    const del = page.getByRole('button', { name: 'Delete' });
    await del.waitFor();
    await page.waitForFunction(() => [...document.querySelectorAll('button')].some((x) => x.textContent?.trim() === 'Delete' && x.disabled));
    // Force it: enable the control by hand; the server still refuses, and the page shows Azure's words.
    await del.evaluate((el) => (el as HTMLButtonElement).removeAttribute('disabled'));
    await del.click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: /delete/i }).click();
    const alert = dialog.getByRole('alert').filter({ hasText: 'AuthorizationFailed' });
    await alert.waitFor();
    assert.match(await alert.innerText(), new RegExp(`does not have authorization to perform action 'Microsoft\\.ManagedIdentity/userAssignedIdentities/delete'`));
    await page.screenshot({ path: join(artifactsDir(), 'reader-denied.png') });
    assert.equal(json(await az(p, 'identity', 'show', '-n', 'studio-uai', '-g', G)).name, 'studio-uai', 'the identity still exists');
    assert.deepEqual(errors.filter((e) => !/403|Forbidden/.test(e)), []);
  });

  test('every main page renders at 1280×800 and 390×844 without console errors', async () => {
    const pages = ['/', '/workspaces', `/workspaces/${G}/${W}`, '/endpoints', '/compute', `/compute/${G}/${W}/new`, '/identities', `/identities/${G}/studio-uai`, '/storage', '/registries', '/environments', '/connections', '/access', '/denials'];
    for (const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
      const { page, errors } = await b.open(viewport);
      await signInToStudio(page, p.admin.username, p.admin.password);
      for (const path of pages) {
        await page.goto(STUDIO + path);
        await page.locator('main h1').first().waitFor();
        await page.waitForLoadState('networkidle');
        const name = (path === '/' ? 'home' : path.slice(1).replace(/[/]/g, '_')) + `-${viewport.width}.png`;
        await page.screenshot({ path: join(artifactsDir(), name), fullPage: false });
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        assert.ok(overflow <= 1, `${path} at ${viewport.width}px scrolls sideways by ${overflow}px`);
      }
      assert.deepEqual(errors, [], `console errors at ${viewport.width}px`);
    }
  });

  test('keyboard first: a skip link and visible focus; light and dark themes follow the system', async () => {
    const { page, errors } = await b.open();
    await signInToStudio(page, p.admin.username, p.admin.password, '/endpoints');
    await page.locator('main h1').first().waitFor();
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      const style = getComputedStyle(el);
      return { text: el.textContent?.trim(), outline: style.outlineStyle, width: style.outlineWidth };
    });
    assert.equal(focused.text, 'Skip to content');
    assert.notEqual(focused.outline, 'none');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    assert.ok(await page.evaluate(() => document.activeElement?.tagName === 'BUTTON' || document.activeElement?.tagName === 'A'), 'Tab reaches the controls');
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await page.emulateMedia({ colorScheme: 'light' });
    const light = await background();
    await page.emulateMedia({ colorScheme: 'dark' });
    const dark = await background();
    assert.equal(light, 'rgb(255, 255, 255)');
    assert.notEqual(dark, light);
    await page.screenshot({ path: join(artifactsDir(), 'endpoints-dark.png') });
    const unlabelled = await page.evaluate(() =>
      [...document.querySelectorAll('input, select, textarea')]
        .filter((el) => !(el as HTMLInputElement).labels?.length && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby'))
        .map((el) => el.outerHTML),
    );
    assert.deepEqual(unlabelled, [], 'every control has a label');
    assert.deepEqual(errors, []);
  });
});
