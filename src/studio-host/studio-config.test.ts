import { test } from 'node:test';
import assert from 'node:assert/strict';
import { STUDIO_CLIENT_ID } from '../identity/public-clients.js';
import { buildStudioConfig, PROXY_ENDPOINTS, rehost, studioMode } from './studio-config.js';

test('mode follows the host the page was asked on', () => {
  assert.equal(studioMode('ml.azure.com'), 'proxy');
  assert.equal(studioMode('localhost'), 'direct');
  assert.equal(studioMode('127.0.0.1'), 'direct');
  assert.equal(studioMode('management.azure.com'), 'direct');
});

test('rehost keeps the port and scheme, brackets IPv6', () => {
  assert.equal(rehost('https://127.0.0.1:7483', 'localhost'), 'https://localhost:7483');
  assert.equal(rehost('https://127.0.0.1:7483/', '::1'), 'https://[::1]:7483');
  assert.equal(rehost('https://127.0.0.1:443', 'localhost'), 'https://localhost');
});

test('direct mode without a known direct URL keeps the proxy endpoint; clientId defaults to the studio client', () => {
  const cfg = buildStudioConfig({ tenantId: 't', subscriptionId: 's', host: 'localhost', direct: { arm: 'https://127.0.0.1:9001' } });
  assert.equal(cfg.clientId, STUDIO_CLIENT_ID);
  assert.equal(cfg.mode, 'direct');
  assert.deepEqual(cfg.endpoints, { ...PROXY_ENDPOINTS, arm: 'https://localhost:9001' });
  const proxy = buildStudioConfig({ tenantId: 't', subscriptionId: 's', clientId: 'c', host: 'ml.azure.com', direct: { arm: 'https://127.0.0.1:9001' } });
  assert.equal(proxy.clientId, 'c');
  assert.deepEqual(proxy.endpoints, PROXY_ENDPOINTS);
});
