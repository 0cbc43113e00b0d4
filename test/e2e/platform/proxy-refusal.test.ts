/**
 * The forward proxy refuses hosts no plane owns and dials nothing.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startPlatformProcess, removeHome, type PlatformProcess } from '../../support/platform-process.js';

let p: PlatformProcess;
before(async () => {
  p = await startPlatformProcess();
});
after(async () => {
  await p?.stop();
  if (p) removeHome(p.home);
});

function rawProxy(request: string): Promise<string> {
  const u = new URL(p.runtime.proxyUrl);
  return new Promise((resolve, reject) => {
    const s = net.connect(Number(u.port), u.hostname, () => s.write(request));
    let data = '';
    s.on('data', (d) => {
      data += d;
      if (data.includes('\r\n\r\n')) {
        s.destroy();
        resolve(data);
      }
    });
    s.on('error', reject);
    s.setTimeout(5000, () => {
      s.destroy();
      reject(new Error('timeout: ' + data));
    });
  });
}

test('CONNECT to an unknown host is refused with 403 and nothing is dialed', async () => {
  // A listener standing in for "the internet": the proxy must never connect to it.
  let dialed = 0;
  const remote = net.createServer((c) => {
    dialed++;
    c.destroy();
  });
  await new Promise<void>((r) => remote.listen(0, '127.0.0.2', () => r()));
  const port = (remote.address() as net.AddressInfo).port;
  const refused = await rawProxy(`CONNECT 127.0.0.2:${port} HTTP/1.1\r\nHost: 127.0.0.2:${port}\r\n\r\n`);
  assert.match(refused, /^HTTP\/1\.1 403/);
  const example = await rawProxy('CONNECT example.com:443 HTTP/1.0\r\n\r\n');
  assert.match(example, /^HTTP\/1\.1 403/);
  const plain = await rawProxy('GET http://dc.services.visualstudio.com/v2/track HTTP/1.1\r\nHost: dc.services.visualstudio.com\r\n\r\n');
  assert.match(plain, /^HTTP\/1\.1 403/);
  await new Promise((r) => setTimeout(r, 200));
  assert.equal(dialed, 0);
  remote.close();
});

test('CONNECT to an owned host is accepted (HTTP/1.0 without headers, as az sends it)', async () => {
  const ok = await rawProxy('CONNECT management.azure.com:443 HTTP/1.0\r\n\r\n');
  assert.match(ok, /^HTTP\/1\.1 200/);
});
