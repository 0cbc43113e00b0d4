/** Logs tab: a deployment's container log, optionally tailed live (getLogs every 2 s while "Live" is checked). */
import { useEffect, useRef, useState } from 'preact/hooks';
import { Field } from '../../ui/field.js';
import { ErrorBanner } from '../../ui/error-banner.js';
import { setQueryParam, useLocation } from '../../router.js';
import { CONTAINERS, getLogs, type ContainerType } from './deployment-logs.js';
import type { Deployment } from './ml-resources.js';

const LINES = [100, 500, 5000];

export function EndpointLogsTab(props: { group: string; workspace: string; endpoint: string; deployments: Deployment[] | undefined }) {
  const { query } = useLocation();
  const names = (props.deployments ?? []).map((d) => d.name);
  const deployment = query.get('deployment') && names.includes(query.get('deployment')!) ? query.get('deployment')! : (names[0] ?? '');
  const container = (query.get('container') === 'StorageInitializer' ? 'StorageInitializer' : 'InferenceServer') as ContainerType;
  const lines = LINES.includes(Number(query.get('lines'))) ? Number(query.get('lines')) : 500;
  const [live, setLive] = useState(false);
  const [text, setText] = useState<string | undefined>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [tick, setTick] = useState(0);
  const pre = useRef<HTMLPreElement>(null);
  const stick = useRef(true);

  useEffect(() => {
    if (!deployment) return;
    let alive = true;
    setBusy(true);
    getLogs(props.group, props.workspace, props.endpoint, deployment, container, lines).then(
      (t) => {
        if (!alive) return;
        setText(t);
        setError(undefined);
        setBusy(false);
      },
      (e: unknown) => {
        if (!alive) return;
        setError(e);
        setBusy(false);
      },
    );
    return () => {
      alive = false;
    };
  }, [props.group, props.workspace, props.endpoint, deployment, container, lines, tick]);

  useEffect(() => {
    if (!live) return;
    const t = setInterval(() => setTick((x) => x + 1), 2000);
    return () => clearInterval(t);
  }, [live]);

  useEffect(() => {
    const el = pre.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  }, [text]);

  if (props.deployments && names.length === 0) return <p class="empty">This endpoint has no deployments, so there are no logs.</p>;
  return (
    <div>
      <div class="endpoints-controls">
        <Field label="Deployment">
          {(id) => (
            <select id={id} value={deployment} onChange={(e) => setQueryParam('deployment', (e.target as HTMLSelectElement).value)}>
              {names.map((n) => (
                <option value={n}>{n}</option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Container">
          {(id) => (
            <select id={id} value={container} onChange={(e) => setQueryParam('container', (e.target as HTMLSelectElement).value)}>
              {CONTAINERS.map((c) => (
                <option value={c.value}>{c.label}</option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Lines">
          {(id) => (
            <select id={id} value={String(lines)} onChange={(e) => setQueryParam('lines', (e.target as HTMLSelectElement).value)}>
              {LINES.map((n) => (
                <option value={String(n)}>{n}</option>
              ))}
            </select>
          )}
        </Field>
        <label class="endpoints-check">
          <input type="checkbox" checked={live} onChange={(e) => setLive((e.target as HTMLInputElement).checked)} /> Live
        </label>
        <button type="button" onClick={() => setTick((x) => x + 1)} disabled={busy}>
          Refresh
        </button>
      </div>
      <ErrorBanner error={error} />
      <p class="endpoints-note" role="status">
        {busy && text === undefined ? 'Loading logs…' : live ? 'Live: refreshing every 2 seconds.' : ''}
      </p>
      <pre
        ref={pre}
        role="region"
        aria-label="Deployment logs"
        tabIndex={0}
        class="endpoints-log"
        onScroll={(e) => {
          const el = e.currentTarget as HTMLPreElement;
          stick.current = el.scrollTop + el.clientHeight >= el.scrollHeight - 24;
        }}
      >
        {text === undefined ? '' : text === '' ? '(no log lines yet)' : text}
      </pre>
    </div>
  );
}
