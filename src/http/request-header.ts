/** One request header's value: the first when the header came more than once, undefined when absent. */
import type { IncomingMessage } from 'node:http';

export function requestHeader(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}
