/** The frame of one page: breadcrumbs, title, actions, body. Sets the document title. */
import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import { Link } from '../router.js';

export interface Crumb {
  label: string;
  href?: string;
}

export function Page(props: { title: string; crumbs?: Crumb[]; actions?: ComponentChildren; children: ComponentChildren }) {
  useEffect(() => {
    document.title = `${props.title} · Cerulean studio`;
  }, [props.title]);
  return (
    <article class="page">
      {props.crumbs && props.crumbs.length > 0 && (
        <nav aria-label="Breadcrumb" class="crumbs">
          <ol>
            {props.crumbs.map((c) => (
              <li>{c.href ? <Link href={c.href}>{c.label}</Link> : <span>{c.label}</span>}</li>
            ))}
          </ol>
        </nav>
      )}
      <header class="page-header">
        <h1>{props.title}</h1>
        {props.actions && <div class="actions">{props.actions}</div>}
      </header>
      {props.children}
    </article>
  );
}

/** Label/value pairs (resource properties). */
export function Properties(props: { items: Array<[string, ComponentChildren]> }) {
  return (
    <dl class="properties">
      {props.items.map(([k, v]) => (
        <div>
          <dt>{k}</dt>
          <dd>{v === undefined || v === null || v === '' ? '—' : v}</dd>
        </div>
      ))}
    </dl>
  );
}

/** A state such as Succeeded / Failed / Creating as a coloured badge. */
export function StateBadge(props: { state: string | undefined }) {
  const s = props.state ?? 'Unknown';
  const tone = /succeeded|running|ready|healthy/i.test(s) ? 'ok' : /fail|error|unhealthy|canceled/i.test(s) ? 'bad' : /stopped|deleted/i.test(s) ? 'muted' : 'busy';
  return <span class={`badge ${tone}`}>{s}</span>;
}

/** A time in the browser's locale. */
export function Time(props: { iso: string | undefined }) {
  if (!props.iso) return <span>—</span>;
  const d = new Date(props.iso);
  return <time dateTime={props.iso}>{isNaN(d.getTime()) ? props.iso : d.toLocaleString()}</time>;
}
