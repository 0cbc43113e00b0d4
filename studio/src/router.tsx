/** A small history-API router: real paths, so every page is deep-linkable. */
import { useEffect, useState } from 'preact/hooks';
import type { ComponentChildren, VNode } from 'preact';

export interface RouteDef {
  /** Pattern such as `/workspaces/:group/:workspace/endpoints/:endpoint`; `*` matches the rest. */
  path: string;
  title: string;
  render: (params: Record<string, string>, query: URLSearchParams) => VNode;
}

export interface NavItem {
  label: string;
  href: string;
  order: number;
}

const listeners = new Set<() => void>();

export function navigate(to: string, replace = false): void {
  if (to === location.pathname + location.search) return;
  if (replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  for (const l of listeners) l();
}

addEventListener('popstate', () => {
  for (const l of listeners) l();
});

export function useLocation(): { path: string; query: URLSearchParams } {
  const [, setTick] = useState(0);
  useEffect(() => {
    const l = () => setTick((t) => t + 1);
    listeners.add(l);
    return () => void listeners.delete(l);
  }, []);
  return { path: location.pathname, query: new URLSearchParams(location.search) };
}

/** Updates one query parameter (filters, sort, tabs) without a history entry. */
export function setQueryParam(name: string, value: string | undefined): void {
  const q = new URLSearchParams(location.search);
  if (value === undefined || value === '') q.delete(name);
  else q.set(name, value);
  const s = q.toString();
  navigate(location.pathname + (s ? `?${s}` : ''), true);
}

export function matchRoute(routes: RouteDef[], path: string): { route: RouteDef; params: Record<string, string> } | undefined {
  const segs = path.split('/').filter(Boolean);
  for (const route of routes) {
    const pat = route.path.split('/').filter(Boolean);
    const params: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < pat.length; i++) {
      if (pat[i] === '*') {
        params['*'] = segs.slice(i).map(decodeURIComponent).join('/');
        break;
      }
      if (i >= segs.length) {
        ok = false;
        break;
      }
      if (pat[i].startsWith(':')) params[pat[i].slice(1)] = decodeURIComponent(segs[i]);
      else if (pat[i].toLowerCase() !== segs[i].toLowerCase()) {
        ok = false;
        break;
      }
      if (i === pat.length - 1 && segs.length > pat.length) ok = false;
    }
    if (ok && (pat.length > 0 || segs.length === 0)) return { route, params };
  }
  return undefined;
}

export function Link(props: { href: string; children: ComponentChildren; class?: string; 'aria-current'?: 'page' | undefined }) {
  return (
    <a
      href={props.href}
      class={props.class}
      aria-current={props['aria-current']}
      onClick={(e) => {
        if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        navigate(props.href);
      }}
    >
      {props.children}
    </a>
  );
}
