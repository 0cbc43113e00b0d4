/**
 * Check access: a principal's role assignments at and above the scope (each marked "This resource" or
 * "Inherited from …") and the union of the permissions those roles give, with a tester for one action.
 */
import { useState } from 'preact/hooks';
import { permits, type Permission } from '../../api/permissions.js';
import { setQueryParam, useLocation } from '../../router.js';
import { DataTable, type Column } from '../../ui/data-table.js';
import { ErrorBanner } from '../../ui/error-banner.js';
import { Field } from '../../ui/field.js';
import { useAsync } from '../../ui/use-async.js';
import { KIND_LABEL, resolvePrincipals, type Principal } from './access-api.js';
import { loadAssignmentRows, roleNameOf, type AssignmentRow } from './assignment-rows.js';
import { InheritedCell, ScopeCell } from './assignments-tab.js';
import { MemberPicker } from './member-picker.js';

const PERMISSION_LISTS: Array<[keyof Permission, string]> = [
  ['actions', 'Actions'],
  ['notActions', 'NotActions'],
  ['dataActions', 'DataActions'],
  ['notDataActions', 'NotDataActions'],
];

function union(perms: Permission[], key: keyof Permission): string[] {
  const seen = new Map<string, string>();
  for (const p of perms) for (const a of (p[key] as string[] | undefined) ?? []) if (!seen.has(a.toLowerCase())) seen.set(a.toLowerCase(), a);
  return [...seen.values()].sort((a, b) => a.localeCompare(b));
}

function ActionTester(props: { perms: Permission[] }) {
  const [action, setAction] = useState('');
  const [data, setData] = useState(false);
  const a = action.trim();
  return (
    <div class="access-tester">
      <Field label="Test an action" hint="For example Microsoft.Storage/storageAccounts/read">
        {(id) => <input id={id} type="text" spellcheck={false} value={action} onInput={(e) => setAction((e.target as HTMLInputElement).value)} />}
      </Field>
      <label class="access-radio">
        <input type="checkbox" checked={data} onChange={(e) => setData((e.target as HTMLInputElement).checked)} />
        Data action
      </label>
      {a && (
        <p role="status" class={permits(props.perms, a, data) ? 'access-allowed' : 'access-denied'}>
          {permits(props.perms, a, data) ? `Allowed: ${a}` : `Not allowed: ${a}`}
        </p>
      )}
    </div>
  );
}

function Effective(props: { scope: string; principal: Principal }) {
  const rows = useAsync((signal) => loadAssignmentRows(props.scope, props.principal.id, signal), [props.scope, props.principal.id]);
  const perms = (rows.data ?? []).flatMap((r) => r.role?.properties.permissions ?? []);
  const columns: Column<AssignmentRow>[] = [
    { key: 'role', label: 'Role', value: roleNameOf },
    { key: 'description', label: 'Description', value: (r) => r.role?.properties.description ?? '' },
    { key: 'scope', label: 'Scope', value: (r) => r.assignment.properties.scope, render: (r) => <ScopeCell scope={r.assignment.properties.scope} /> },
    {
      key: 'inherited',
      label: 'Assigned at',
      value: (r) => (r.inherited ? `Inherited from ${r.assignment.properties.scope}` : 'This resource'),
      render: (r) => <InheritedCell scope={r.assignment.properties.scope} inherited={r.inherited} />,
    },
  ];
  return (
    <section aria-label={`Access of ${props.principal.displayName}`}>
      <h2>
        {props.principal.displayName} <small class="hint">({KIND_LABEL[props.principal.kind]})</small>
      </h2>
      <p class="hint">
        Object ID <code>{props.principal.id}</code>
        {props.principal.detail ? (
          <>
            {' · '}
            <code>{props.principal.detail}</code>
          </>
        ) : null}
      </p>
      <ErrorBanner error={rows.error} />
      <h3>Role assignments at this scope</h3>
      <div class="access-list">
        <DataTable
          name="eff"
          caption="Effective role assignments"
          columns={columns}
          rows={rows.data}
          rowKey={(r) => r.assignment.id}
          loading={rows.loading}
          empty="This principal has no role assignments at or above this scope."
        />
      </div>
      {rows.data && (
        <>
          <h3>Permissions</h3>
          <div class="access-perms">
            {PERMISSION_LISTS.map(([key, label]) => {
              const list = union(perms, key);
              return (
                <section aria-label={label}>
                  <h4>
                    {label} ({list.length})
                  </h4>
                  {list.length ? (
                    <ul class="access-plain">
                      {list.map((a) => (
                        <li>
                          <code>{a}</code>
                        </li>
                      ))}
                    </ul>
                  ) : (
                    <p class="empty">None</p>
                  )}
                </section>
              );
            })}
          </div>
          <ActionTester perms={perms} />
        </>
      )}
    </section>
  );
}

export function CheckAccessTab(props: { scope: string }) {
  const { query } = useLocation();
  const principalId = query.get('principal') ?? '';
  const resolved = useAsync(
    async (signal) => (principalId ? ((await resolvePrincipals([principalId], signal)).get(principalId.toLowerCase()) ?? null) : null),
    [principalId],
  );
  const [picked, setPicked] = useState<Principal[]>([]);
  const principal =
    picked[0] && picked[0].id.toLowerCase() === principalId.toLowerCase() ? picked[0] : (resolved.data ?? undefined);
  return (
    <div>
      <p>Review the access a user, service principal or managed identity has at this scope.</p>
      <MemberPicker
        idPrefix="check"
        multiple={false}
        selected={principal ? [principal] : []}
        onChange={(sel) => {
          setPicked(sel);
          setQueryParam('principal', sel[0]?.id);
        }}
      />
      <ErrorBanner error={resolved.error} />
      {principalId && resolved.data === null && !picked[0] && <p class="empty">No directory object has the ID {principalId}.</p>}
      {principal && <Effective scope={props.scope} principal={principal} />}
    </div>
  );
}
