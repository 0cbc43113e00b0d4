import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderIndex } from './index-page.js';
import type { StudioConfig } from './studio-config.js';

const config = (tenantId: string): StudioConfig =>
  ({
    tenantId,
    subscriptionId: 's',
    clientId: 'c',
    mode: 'proxy',
    endpoints: { login: 'https://login.microsoftonline.com', arm: 'https://management.azure.com', graph: 'g', blob: 'b', registry: 'r', scoring: 's' },
  }) as StudioConfig;

test('the configuration block cannot close its script element or open markup', () => {
  const html = renderIndex('<html><head></head><body></body></html>', config('</script><script>alert(1)</script><!--'));
  const block = /<script id="cerulean-config" type="application\/json">(.*?)<\/script>/.exec(html)!;
  assert.equal(JSON.parse(block[1]).tenantId, '</script><script>alert(1)</script><!--');
  assert.equal(html.match(/<\/script>/g)!.length, 1);
  assert.ok(!block[1].includes('<'));
});

test('the block and preconnect hints go before </head>', () => {
  const html = renderIndex('<html><head><title>t</title></head><body></body></html>', config('t1'));
  assert.match(html, /<title>t<\/title><link rel="preconnect" href="https:\/\/login\.microsoftonline\.com" crossorigin><link rel="preconnect" href="https:\/\/management\.azure\.com" crossorigin><script id="cerulean-config"[^>]*>[^<]*<\/script><\/head>/);
});
