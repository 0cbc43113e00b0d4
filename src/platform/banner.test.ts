import { test } from 'node:test';
import assert from 'node:assert/strict';
import { studioLine } from './banner.js';

test('the studio line names the localhost URL of the direct studio port and the proxy host', () => {
  assert.equal(
    studioLine({ arm: 'https://127.0.0.1:7483', studio: 'https://127.0.0.1:7492' }, true),
    '  Studio            https://localhost:7492/   (also https://ml.azure.com through the proxy)',
  );
  assert.match(studioLine({ studio: 'https://127.0.0.1:7492' }, false) ?? '', /not built yet: npm run build:studio/);
  assert.equal(studioLine({ arm: 'https://127.0.0.1:7483' }, true), undefined);
});
