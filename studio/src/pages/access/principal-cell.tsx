/** A principal as the access tables show it: display name, then UPN / application id / resource id. */
import { KIND_LABEL, type Principal, type PrincipalKind } from './access-api.js';

export function principalKindLabel(p: Principal | undefined, fallbackType?: string | null): string {
  if (p) return p.kind === 'ManagedIdentity' && p.flavour ? `Managed identity (${p.flavour.toLowerCase()})` : KIND_LABEL[p.kind];
  if (fallbackType && fallbackType in KIND_LABEL) return KIND_LABEL[fallbackType as PrincipalKind];
  return fallbackType ?? 'Unknown';
}

export function PrincipalCell(props: { principal: Principal | undefined; id: string; fallbackName?: string }) {
  const p = props.principal;
  return (
    <div class="access-principal">
      <span class="access-principal-name">{p?.displayName ?? props.fallbackName ?? 'Identity not found'}</span>
      <small class="hint">{p?.detail || props.fallbackName || props.id}</small>
    </div>
  );
}
