/**
 * Denials: the platform's log of refused (or, in soft mode, reported) authorization decisions at a scope and below,
 * polled every 3 s, each with its explanation and — for users allowed to assign roles — a one-click grant of the
 * narrowest role that would have allowed it.
 */
import { useEffect, useState } from 'preact/hooks';
import { subscriptionScope } from '../../api/config.js';
import { ApiFailure } from '../../api/http.js';
import { Link, navigate } from '../../router.js';
import { useConfirm, type ConfirmProps } from '../../ui/confirm-dialog.js';
import { DataTable, type Column } from '../../ui/data-table.js';
import { ErrorBanner } from '../../ui/error-banner.js';
import { Page, Time } from '../../ui/page.js';
import { useAsync } from '../../ui/use-async.js';
import { resolvePrincipals, type Principal } from '../access/access-api.js';
import { principalKindLabel } from '../access/principal-cell.js';
import { ScopePicker } from '../access/scope-picker.js';
import { accessHref, describeScope, normalizeScope } from '../access/scope.js';
import { Breakable } from '../access/breakable.js';
import { listDenials, MAX_LISTED, type Denial, type DenialSuggestion } from './denials-api.js';
import { GrantButton, type Granted } from './grant-button.js';
import './denials.css';

const POLL_MS = 3000;

type AskFn = (p: Omit<ConfirmProps, 'onClose'>) => void;

interface Row {
  denial: Denial;
  principal: Principal | undefined;
}

async function loadRows(scope: string, principalId: string | undefined, signal: AbortSignal): Promise<Row[]> {
  const denials = await listDenials(scope, principalId, signal);
  const principals = await resolvePrincipals(
    denials.map((d) => d.properties.principalId),
    signal,
  ).catch(() => new Map<string, Principal>());
  return denials.map((d) => ({ denial: d, principal: principals.get(d.properties.principalId.toLowerCase()) }));
}

function Suggestion(props: { row: Row; s: DenialSuggestion; ask: AskFn; onGranted: (g: Granted) => void }) {
  return (
    <li>
      <GrantButton denial={props.row.denial} suggestion={props.s} principal={props.row.principal} ask={props.ask} onGranted={props.onGranted} />
      <small class="hint">
        {props.s.roleName} at {describeScope(props.s.scope).label}
      </small>
    </li>
  );
}

/** The narrowest role first; the wider alternatives folded away. */
function Suggestions(props: { row: Row; ask: AskFn; onGranted: (g: Granted) => void }) {
  const [first, ...rest] = props.row.denial.properties.suggestions;
  return (
    <div>
      <ul class="denials-suggestions">
        <Suggestion row={props.row} s={first} ask={props.ask} onGranted={props.onGranted} />
      </ul>
      {rest.length > 0 && (
        <details class="denials-more">
          <summary>Wider roles ({rest.length})</summary>
          <ul class="denials-suggestions">
            {rest.map((s) => (
              <Suggestion row={props.row} s={s} ask={props.ask} onGranted={props.onGranted} />
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

function firstSentence(text: string): string {
  const m = /^(.{20,160}?[.!?])(\s|$)/s.exec(text);
  if (m) return m[1];
  return text.length > 160 ? text.slice(0, 157) + '…' : text;
}

export function DenialsPage(props: { query: URLSearchParams }) {
  const scope = normalizeScope(props.query.get('scope') ?? '') || subscriptionScope();
  const principalId = props.query.get('principal') ?? undefined;
  const [stopped, setStopped] = useState(false);
  const [granted, setGranted] = useState<Granted>();
  const confirm = useConfirm();
  const forbidden = (e: unknown) => e instanceof ApiFailure && (e.status === 403 || e.status === 401 || e.status === 404);
  // A refused read is itself a denial: stop polling until the user retries, rather than filling the log.
  const [blocked, setBlocked] = useState(false);
  const list = useAsync((signal) => loadRows(scope, principalId, signal), [scope, principalId], stopped || blocked ? undefined : POLL_MS);
  useEffect(() => setBlocked(forbidden(list.error)), [list.error]);
  const paused = stopped || blocked;
  const change = (s: string) => {
    const q = new URLSearchParams({ scope: s });
    if (principalId) q.set('principal', principalId);
    navigate(`/denials?${q}`);
  };
  const columns: Column<Row>[] = [
    { key: 'time', label: 'Time', value: (r) => r.denial.properties.time, render: (r) => <Time iso={r.denial.properties.time} /> },
    {
      key: 'principal',
      label: 'Principal',
      value: (r) => `${r.principal?.displayName ?? ''} ${r.denial.properties.principalName} ${r.denial.properties.principalId}`,
      render: (r) => (
        <div class="denials-principal">
          <span>{r.principal?.displayName ?? r.denial.properties.principalName}</span>
          <small class="hint">
            {principalKindLabel(r.principal, r.denial.properties.principalType)}
            {r.principal ? ` · ${r.denial.properties.principalName}` : ''}
          </small>
        </div>
      ),
    },
    {
      key: 'action',
      label: 'Action',
      value: (r) => `${r.denial.properties.action}${r.denial.properties.isDataAction ? ' data' : ''}`,
      render: (r) => (
        <div class="denials-action">
          <code>
            <Breakable text={r.denial.properties.action} />
          </code>
          <span>
            {r.denial.properties.isDataAction && <span class="badge muted" title="Data action">data</span>}{' '}
            {!r.denial.properties.enforced && (
              <span class="badge busy" title="Soft mode: the request went through, the denial was only reported">
                not enforced
              </span>
            )}
          </span>
        </div>
      ),
    },
    {
      key: 'scope',
      label: 'Scope',
      value: (r) => r.denial.properties.scope,
      render: (r) => (
        <div class="denials-scope">
          <span>{describeScope(r.denial.properties.scope).label}</span>
          <small class="hint denials-id">
            <Breakable text={r.denial.properties.scope} />
          </small>
        </div>
      ),
    },
    { key: 'plane', label: 'Plane', value: (r) => r.denial.properties.plane ?? '' },
    {
      key: 'explanation',
      label: 'Explanation',
      value: (r) => r.denial.properties.explanation,
      render: (r) => (
        <details class="denials-explanation">
          <summary>
            <span class="denials-preview">{firstSentence(r.denial.properties.explanation)}</span>
            <span class="denials-full-label">Full explanation</span>
          </summary>
          <p>{r.denial.properties.explanation}</p>
        </details>
      ),
    },
    {
      key: 'fix',
      label: 'Suggested fix',
      value: (r) => r.denial.properties.suggestions.map((s) => s.roleName).join(' '),
      render: (r) =>
        r.denial.properties.suggestions.length === 0 ? (
          <span class="hint">—</span>
        ) : (
          <Suggestions row={r} ask={confirm.ask} onGranted={setGranted} />
        ),
    },
  ];
  return (
    <Page title="Denials" crumbs={[{ label: 'Home', href: '/' }, { label: 'Denials' }, { label: describeScope(scope).label }]}>
      <p>
        Requests the platform refused at this scope and below, newest first (up to {MAX_LISTED}). Each explains which role assignments were considered and
        which role would have allowed it.
      </p>
      <ScopePicker scope={scope} onChange={change} idPrefix="denials" />
      {principalId && (
        <p>
          Showing denials of principal <code>{principalId}</code>.{' '}
          <Link href={`/denials?scope=${encodeURIComponent(scope)}`}>Show all principals</Link>
        </p>
      )}
      {granted && (
        <div class="banner info" role="status">
          <p class="message">
            Created role assignment: {granted.roleName} for {granted.principal} at <code class="denials-id">{granted.scope}</code>.{' '}
            <Link href={accessHref(granted.scope)}>View in Access control</Link>
          </p>
          <button type="button" class="link" onClick={() => setGranted(undefined)} aria-label="Dismiss message">
            Dismiss
          </button>
        </div>
      )}
      <ErrorBanner error={list.error} />
      <div class="denials-list">
        <DataTable
          name="dn"
          caption="Denials"
          columns={columns}
          rows={blocked ? undefined : list.data}
          rowKey={(r) => r.denial.id}
          loading={list.loading}
          empty="No denials at this scope."
          toolbar={
            <>
              {blocked ? (
                <button type="button" onClick={list.reload}>
                  Retry
                </button>
              ) : (
                <button type="button" onClick={() => setStopped(!stopped)}>
                  {stopped ? 'Resume live updates' : 'Pause live updates'}
                </button>
              )}
              <span class="hint" role="status">
                {paused ? 'Live updates paused' : `Live: refreshed every ${POLL_MS / 1000} s`}
              </span>
            </>
          }
        />
      </div>
      {confirm.dialog}
    </Page>
  );
}
