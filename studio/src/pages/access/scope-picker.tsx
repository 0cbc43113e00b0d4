/** Chooses the scope of an access page: the subscription, one of its resource groups, or any resource id. */
import { useState } from 'preact/hooks';
import { API, armList } from '../../api/arm.js';
import { subscriptionScope } from '../../api/config.js';
import { useAsync } from '../../ui/use-async.js';
import { describeScope, isScopeLike, normalizeScope, sameScope } from './scope.js';

interface ResourceGroup {
  id: string;
  name: string;
}

export function ScopePicker(props: { scope: string; onChange: (scope: string) => void; idPrefix: string }) {
  const sub = subscriptionScope();
  const groups = useAsync((signal) => armList<ResourceGroup>(`${sub}/resourcegroups`, API.resources, signal), [sub]);
  const [typed, setTyped] = useState('');
  const [typedError, setTypedError] = useState('');
  const info = describeScope(props.scope);
  const rgScope = info.resourceGroup !== undefined ? `${sub}/resourceGroups/${info.resourceGroup}` : undefined;
  const options: Array<[string, string]> = [[sub, `Subscription (${describeScope(sub).name})`]];
  for (const g of [...(groups.data ?? [])].sort((a, b) => a.name.localeCompare(b.name))) options.push([g.id, `Resource group: ${g.name}`]);
  if (rgScope && !options.some(([v]) => sameScope(v, rgScope))) options.push([rgScope, `Resource group: ${info.resourceGroup}`]);
  if (info.kind === 'Resource') options.push([props.scope, `Resource: ${info.label}`]);
  const current = options.find(([v]) => sameScope(v, props.scope))?.[0] ?? props.scope;
  const go = (e: Event) => {
    e.preventDefault();
    const s = normalizeScope(typed);
    if (!isScopeLike(s)) {
      setTypedError('Enter a resource ID such as /subscriptions/{id}/resourceGroups/{group}/providers/{namespace}/{type}/{name}.');
      return;
    }
    setTypedError('');
    setTyped('');
    props.onChange(s);
  };
  return (
    <div class="access-scope">
      <div class="field">
        <label for={`${props.idPrefix}-scope`}>Scope</label>
        <select id={`${props.idPrefix}-scope`} value={current} onChange={(e) => props.onChange((e.target as HTMLSelectElement).value)}>
          {options.map(([v, l]) => (
            <option value={v}>{l}</option>
          ))}
        </select>
      </div>
      <form class="field access-scope-id" onSubmit={go}>
        <label for={`${props.idPrefix}-resource-id`}>Resource ID</label>
        <div class="access-inline">
          <input
            id={`${props.idPrefix}-resource-id`}
            type="text"
            spellcheck={false}
            autocomplete="off"
            placeholder="/subscriptions/…/resourceGroups/…/providers/…"
            value={typed}
            aria-invalid={typedError ? true : undefined}
            aria-describedby={typedError ? `${props.idPrefix}-resource-id-error` : undefined}
            onInput={(e) => setTyped((e.target as HTMLInputElement).value)}
          />
          <button type="submit">Go</button>
        </div>
        {typedError && (
          <small id={`${props.idPrefix}-resource-id-error`} class="access-error-text">
            {typedError}
          </small>
        )}
      </form>
      <p class="access-scope-current">
        <span class="hint">Current scope: </span>
        <code>{props.scope}</code>
      </p>
    </div>
  );
}
