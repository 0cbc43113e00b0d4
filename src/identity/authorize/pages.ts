/** The pages of interactive sign-in: the sign-in form, the error page, the signed-out page and the form_post page. */
import type { Reply } from '../../http/operation.js';
import { escapeHtml as e, htmlReply } from './html-page.js';

const BRAND = '<p class="brand">Cerulean</p>';

export interface SignInPageInput {
  /** Path and query the form posts back to (the authorize URL). */
  action: string;
  flowToken: string;
  clientName: string;
  username?: string;
  /** Entra's message (`AADSTS…: …`) after a failed attempt. */
  error?: string;
  /** The redirect URI's origin: the successful post answers with a redirect there. */
  redirectOrigin: string;
  headers?: Record<string, string | string[]>;
}

export function signInPage(input: SignInPageInput): Reply {
  const user = input.username ?? '';
  const err = input.error;
  const invalid = err ? ' aria-invalid="true" aria-describedby="signin-error"' : '';
  const focusUser = user ? '' : ' autofocus';
  const focusPassword = user ? ' autofocus' : '';
  const body =
    BRAND +
    '<h1 id="signin-title">Sign in</h1>' +
    `<p class="sub">to continue to ${e(input.clientName)}</p>` +
    (err ? `<p class="error" id="signin-error" role="alert">${e(err)}</p>` : '') +
    `<form method="post" action="${e(input.action)}" aria-labelledby="signin-title">` +
    `<input type="hidden" name="flowToken" value="${e(input.flowToken)}">` +
    '<label for="username">Username</label>' +
    `<input type="text" id="username" name="username" value="${e(user)}" autocomplete="username" autocapitalize="none" spellcheck="false" required${focusUser}>` +
    '<label for="password">Password</label>' +
    `<input type="password" id="password" name="password" autocomplete="current-password" required${invalid}${focusPassword}>` +
    '<div class="actions"><button type="submit">Sign in</button></div>' +
    '</form>';
  return htmlReply({ title: 'Sign in to your account', body, formOrigins: [input.redirectOrigin], headers: input.headers });
}

export interface ErrorPageInput {
  message: string;
  requestId: string;
  correlationId: string;
  timestamp: string;
  status?: number;
}

export function errorPage(input: ErrorPageInput): Reply {
  const body =
    BRAND +
    '<h1>Sign in</h1>' +
    '<p class="sub">Sorry, but we’re having trouble signing you in.</p>' +
    `<p class="error" role="alert">${e(input.message)}</p>` +
    '<dl class="details">' +
    `<dt>Request Id</dt><dd>${e(input.requestId)}</dd>` +
    `<dt>Correlation Id</dt><dd>${e(input.correlationId)}</dd>` +
    `<dt>Timestamp</dt><dd>${e(input.timestamp)}</dd>` +
    '</dl>';
  return htmlReply({ title: 'Sign in to your account', body, status: input.status ?? 400 });
}

export function signedOutPage(headers?: Record<string, string | string[]>): Reply {
  const body = BRAND + '<h1>You signed out of your account</h1>' + '<p class="sub">It’s a good idea to close all browser windows.</p>';
  return htmlReply({ title: 'Sign out', body, headers });
}

/** `response_mode=form_post`: the response parameters in a form the user submits to the redirect URI (no script). */
export function formPostPage(redirectUri: string, fields: Record<string, string>, headers?: Record<string, string | string[]>): Reply {
  const inputs = Object.entries(fields)
    .map(([k, v]) => `<input type="hidden" name="${e(k)}" value="${e(v)}">`)
    .join('');
  const body =
    BRAND +
    '<h1>Continue</h1>' +
    '<p class="sub">Select Continue to return to the application.</p>' +
    `<form method="post" action="${e(redirectUri)}">${inputs}<div class="actions"><button type="submit">Continue</button></div></form>`;
  return htmlReply({ title: 'Working...', body, formOrigins: [new URL(redirectUri).origin], headers });
}
