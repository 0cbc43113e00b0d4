/**
 * The login plane's HTML: one self-contained document per page (no external assets, no script), light and dark
 * themes from `prefers-color-scheme`, visible keyboard focus, and a Content-Security-Policy that allows only the
 * page's own stylesheet (by hash) and form posts to the given origins.
 */
import { createHash } from 'node:crypto';
import type { Reply } from '../../http/operation.js';

const STYLE = `
:root{color-scheme:light dark;--bg:#f2f2f2;--card:#fff;--fg:#1b1b1b;--muted:#5e5e5e;--line:#8a8886;--accent:#0067b8;--accent-fg:#fff;--err:#a4262c;--err-bg:#fde7e9}
@media (prefers-color-scheme:dark){:root{--bg:#1b1a19;--card:#252423;--fg:#f3f2f1;--muted:#c8c6c4;--line:#8a8886;--accent:#4ba0e8;--accent-fg:#111;--err:#f1707b;--err-bg:#3b1d20}}
*{box-sizing:border-box}
body{margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;background:var(--bg);color:var(--fg);font:15px/1.5 "Segoe UI",system-ui,-apple-system,sans-serif}
main{width:100%;max-width:440px;margin:16px;padding:40px 44px;background:var(--card);box-shadow:0 2px 6px rgba(0,0,0,.2)}
.brand{margin:0 0 16px;font-weight:600;letter-spacing:.02em;color:var(--accent)}
h1{margin:0 0 4px;font-size:24px;font-weight:600;line-height:1.3}
.sub{margin:0 0 20px;color:var(--muted)}
label{display:block;margin:16px 0 4px;font-weight:600}
input[type=text],input[type=password]{width:100%;padding:6px 8px;font:inherit;color:var(--fg);background:transparent;border:0;border-bottom:1px solid var(--line);border-radius:0}
input[aria-invalid=true]{border-bottom-color:var(--err)}
button{margin-top:28px;min-width:108px;padding:6px 12px;font:inherit;font-weight:600;color:var(--accent-fg);background:var(--accent);border:1px solid var(--accent);cursor:pointer}
:focus-visible{outline:2px solid var(--accent);outline-offset:2px}
.actions{display:flex;justify-content:flex-end}
.error{margin:16px 0 0;padding:8px 12px;color:var(--err);background:var(--err-bg);border-left:3px solid var(--err)}
.details{margin:20px 0 0;font-size:13px;color:var(--muted);word-break:break-word}
.details dt{font-weight:600}.details dd{margin:0 0 6px}
`;
const STYLE_HASH = createHash('sha256').update(STYLE, 'utf8').digest('base64');

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export interface HtmlPageOptions {
  title: string;
  body: string;
  /** Origins forms on this page (and the redirects that answer them) may go to, besides the page's own. */
  formOrigins?: string[];
  status?: number;
  headers?: Record<string, string | string[]>;
}

export function htmlReply(opts: HtmlPageOptions): Reply {
  const html =
    '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    '<meta name="referrer" content="no-referrer">' +
    `<title>${escapeHtml(opts.title)}</title><style>${STYLE}</style></head>` +
    `<body><main>${opts.body}</main></body></html>\n`;
  const formAction = ["'self'", ...(opts.formOrigins ?? [])].join(' ');
  return {
    status: opts.status ?? 200,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy':
        `default-src 'none'; style-src 'sha256-${STYLE_HASH}'; form-action ${formAction}; frame-ancestors 'none'; base-uri 'none'`,
      'x-frame-options': 'DENY',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store, no-cache',
      pragma: 'no-cache',
      ...opts.headers,
    },
    body: html,
  };
}
