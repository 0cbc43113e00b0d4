/** A labelled form control (input, select or textarea) with an optional hint. */
import type { ComponentChildren } from 'preact';

let seq = 0;

export function Field(props: { label: string; hint?: string; children: (id: string) => ComponentChildren; id?: string }) {
  const id = props.id ?? `f${++seq}`;
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      {props.children(id)}
      {props.hint && <small class="hint">{props.hint}</small>}
    </div>
  );
}

/** A button that copies text to the clipboard. */
export function CopyButton(props: { text: string; label?: string }) {
  return (
    <button type="button" class="small" onClick={() => void navigator.clipboard?.writeText(props.text).catch(() => undefined)} aria-label={props.label ?? 'Copy to clipboard'}>
      Copy
    </button>
  );
}

/** Explains why a control is disabled (RBAC), as a title and for screen readers. */
export function deniedHint(allowed: boolean, action: string): { disabled: boolean; title?: string } {
  return allowed ? { disabled: false } : { disabled: true, title: `You do not have permission to perform '${action}' here.` };
}
