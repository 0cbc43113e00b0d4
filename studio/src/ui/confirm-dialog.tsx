/** Confirms a destructive (or otherwise consequential) action in a modal dialog. */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import { ErrorBanner } from './error-banner.js';

export interface ConfirmProps {
  title: string;
  children: ComponentChildren;
  confirmLabel: string;
  danger?: boolean;
  onConfirm: () => Promise<void> | void;
  onClose: () => void;
}

export function ConfirmDialog(props: ConfirmProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);
  const confirm = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await props.onConfirm();
      props.onClose();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <dialog ref={ref} class="dialog" aria-labelledby="confirm-title" onClose={props.onClose} onCancel={props.onClose}>
      <h2 id="confirm-title">{props.title}</h2>
      <div class="dialog-body">{props.children}</div>
      <ErrorBanner error={error} />
      <div class="actions">
        <button type="button" class={props.danger ? 'danger' : 'primary'} disabled={busy} onClick={confirm}>
          {busy ? 'Working…' : props.confirmLabel}
        </button>
        <button type="button" onClick={() => ref.current?.close()} disabled={busy}>
          Cancel
        </button>
      </div>
    </dialog>
  );
}

/** State helper: `const confirm = useConfirm(); … confirm.ask({...}); … {confirm.dialog}`. */
export function useConfirm(): { ask: (p: Omit<ConfirmProps, 'onClose'>) => void; dialog: ComponentChildren } {
  const [pending, setPending] = useState<Omit<ConfirmProps, 'onClose'> | undefined>();
  return {
    ask: setPending,
    dialog: pending ? <ConfirmDialog {...pending} onClose={() => setPending(undefined)} /> : null,
  };
}
