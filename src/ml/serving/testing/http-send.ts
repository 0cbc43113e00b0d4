/** Test support: one plain HTTP request to a loopback port, answered as status, headers and text. */
import http from 'node:http';

export interface Sent {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

export function send(port: number, method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<Sent> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, headers: { ...headers, ...(body !== undefined ? { 'content-length': Buffer.byteLength(body) } : {}) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}
