/** Accessible tabs whose selection lives in the URL (`?tab=`), so each tab is deep-linkable. */
import type { ComponentChildren } from 'preact';
import { setQueryParam, useLocation } from '../router.js';

export interface TabDef {
  id: string;
  label: string;
  render: () => ComponentChildren;
}

export function Tabs(props: { tabs: TabDef[]; label: string }) {
  const { query } = useLocation();
  const current = props.tabs.find((t) => t.id === query.get('tab')) ?? props.tabs[0];
  const select = (id: string) => setQueryParam('tab', id === props.tabs[0].id ? undefined : id);
  const onKey = (e: KeyboardEvent) => {
    const i = props.tabs.indexOf(current);
    const next = e.key === 'ArrowRight' ? props.tabs[(i + 1) % props.tabs.length] : e.key === 'ArrowLeft' ? props.tabs[(i - 1 + props.tabs.length) % props.tabs.length] : undefined;
    if (next) {
      e.preventDefault();
      select(next.id);
      (document.getElementById(`tab-${next.id}`) as HTMLElement | null)?.focus();
    }
  };
  return (
    <div class="tabs">
      <div role="tablist" aria-label={props.label} onKeyDown={onKey}>
        {props.tabs.map((t) => (
          <button
            type="button"
            role="tab"
            id={`tab-${t.id}`}
            aria-selected={t === current}
            aria-controls={`panel-${t.id}`}
            tabIndex={t === current ? 0 : -1}
            onClick={() => select(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${current.id}`} aria-labelledby={`tab-${current.id}`} class="tabpanel">
        {current.render()}
      </div>
    </div>
  );
}
