/**
 * Picks members to assign (or to check): "Assign access to" User / Service principal / Managed identity, a search
 * box querying Microsoft Graph (and ARM for user-assigned identities), and the matching principals to select.
 */
import { useEffect, useState } from 'preact/hooks';
import { ErrorBanner } from '../../ui/error-banner.js';
import { useAsync } from '../../ui/use-async.js';
import { KIND_LABEL, searchPrincipals, type Principal, type PrincipalKind } from './access-api.js';

const KINDS: PrincipalKind[] = ['User', 'ServicePrincipal', 'ManagedIdentity'];

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

export interface MemberPickerProps {
  idPrefix: string;
  multiple: boolean;
  selected: Principal[];
  onChange: (selected: Principal[]) => void;
}

export function MemberPicker(props: MemberPickerProps) {
  const [kind, setKind] = useState<PrincipalKind>(props.selected[0]?.kind === 'ManagedIdentity' || props.selected[0]?.kind === 'ServicePrincipal' ? props.selected[0].kind : 'User');
  const [text, setText] = useState('');
  const q = useDebounced(text, 250);
  const results = useAsync((signal) => searchPrincipals(kind, q, signal), [kind, q]);
  const isSelected = (p: Principal) => props.selected.some((s) => s.id.toLowerCase() === p.id.toLowerCase());
  const toggle = (p: Principal, on: boolean) => {
    const others = props.selected.filter((s) => s.id.toLowerCase() !== p.id.toLowerCase());
    if (!props.multiple) props.onChange(on ? [p] : []);
    else props.onChange(on ? [...others, p] : others);
  };
  const searchId = `${props.idPrefix}-search`;
  return (
    <div class="access-members">
      <fieldset class="access-kind">
        <legend>Assign access to</legend>
        {KINDS.map((k) => (
          <label class="access-radio">
            <input
              type="radio"
              name={`${props.idPrefix}-kind`}
              value={k}
              checked={kind === k}
              onChange={() => {
                setKind(k);
              }}
            />
            {KIND_LABEL[k]}
          </label>
        ))}
      </fieldset>
      <div class="field">
        <label for={searchId}>Search members</label>
        <input
          id={searchId}
          type="search"
          autocomplete="off"
          placeholder={kind === 'User' ? 'Name or user principal name' : kind === 'ServicePrincipal' ? 'Name or application ID' : 'Name'}
          value={text}
          onInput={(e) => setText((e.target as HTMLInputElement).value)}
        />
      </div>
      <ErrorBanner error={results.error} />
      <fieldset class="access-results" aria-busy={results.loading}>
        <legend>{KIND_LABEL[kind]} results</legend>
        {results.loading && !results.data && <p role="status">Searching…</p>}
        {results.data && results.data.length === 0 && <p class="empty">No {KIND_LABEL[kind].toLowerCase()} matches.</p>}
        <ul class="access-result-list">
          {(results.data ?? []).map((p) => (
            <li key={p.id}>
              <label class="access-result">
                <input
                  type={props.multiple ? 'checkbox' : 'radio'}
                  name={`${props.idPrefix}-member`}
                  checked={isSelected(p)}
                  onChange={(e) => toggle(p, (e.target as HTMLInputElement).checked)}
                />
                <span class="access-principal">
                  <span class="access-principal-name">{p.displayName}</span>
                  <small class="hint">
                    {p.flavour ? `${p.flavour} · ` : ''}
                    {p.detail || p.id}
                  </small>
                </span>
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
      {props.multiple && (
        <section aria-label="Selected members" class="access-selected">
          <h3>Selected members ({props.selected.length})</h3>
          {props.selected.length === 0 ? (
            <p class="empty">None yet.</p>
          ) : (
            <ul>
              {props.selected.map((p) => (
                <li key={p.id}>
                  <span>
                    {p.displayName} <small class="hint">({KIND_LABEL[p.kind]})</small>
                  </span>{' '}
                  <button type="button" class="small" aria-label={`Remove ${p.displayName} from the selection`} onClick={() => toggle(p, false)}>
                    Remove
                  </button>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
    </div>
  );
}
