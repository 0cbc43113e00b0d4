/**
 * `/storage/{group}/{account}/{container}?prefix=a/b/`: the blobs of one container, one "folder" (prefix with
 * delimiter `/`) at a time; upload into the folder, download and delete blobs — all with the signed-in user's
 * token, so what it shows is what the user's data roles allow.
 */
import { useRef, useState } from 'preact/hooks';
import './storage.css';
import { DataTable } from '../../ui/data-table.js';
import { Page, Time, type Crumb } from '../../ui/page.js';
import { useAsync } from '../../ui/use-async.js';
import { useConfirm } from '../../ui/confirm-dialog.js';
import { deniedHint } from '../../ui/field.js';
import { usePermissions } from '../../api/permissions.js';
import { Link } from '../../router.js';
import { BlobError } from './data-denied.js';
import {
  BLOB_DATA_ACTIONS,
  accountHref,
  accountPath,
  containerHref,
  deleteBlob,
  downloadBlob,
  formatBytes,
  listBlobs,
  uploadBlob,
  type BlobEntry,
} from './storage-api.js';

/** The last segment of a name (`a/b/c.txt` → `c.txt`, `a/b/` → `b/`). */
function leaf(name: string, prefix: string): string {
  return name.startsWith(prefix) ? name.slice(prefix.length) : name;
}

export function BlobBrowserPage(props: { group: string; account: string; container: string; prefix: string }) {
  const { group, account, container } = props;
  const prefix = props.prefix && !props.prefix.endsWith('/') ? `${props.prefix}/` : props.prefix;
  const accountId = accountPath(group, account);
  const containerScope = `${accountId}/blobServices/default/containers/${container}`;
  const perms = usePermissions(containerScope);
  const canWrite = perms.can(BLOB_DATA_ACTIONS.write, true);
  const canDelete = perms.can(BLOB_DATA_ACTIONS.delete, true);
  const blobs = useAsync((s) => listBlobs(account, container, prefix, s), [account, container, prefix]);
  const [actionError, setActionError] = useState<unknown>();
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  /** Blobs deleted here, hidden at once (the listing reloads behind them). */
  const [deleted, setDeleted] = useState<ReadonlySet<string>>(new Set());
  const fileInput = useRef<HTMLInputElement>(null);
  const confirm = useConfirm();

  const upload = async (files: FileList | null) => {
    if (!files || files.length === 0) return;
    setActionError(undefined);
    setBusy(true);
    const list = Array.from(files);
    let done = 0;
    try {
      for (const f of list) {
        setStatus(`Uploading ${f.name} (${done + 1} of ${list.length})…`);
        await uploadBlob(account, container, prefix + f.name, f);
        setDeleted((d) => {
          const n = new Set(d);
          n.delete(prefix + f.name);
          return n;
        });
        done++;
      }
      setStatus(`Uploaded ${done} file${done === 1 ? '' : 's'}.`);
    } catch (e) {
      setActionError(e);
      setStatus(done > 0 ? `Uploaded ${done} of ${list.length} files.` : '');
    } finally {
      setBusy(false);
      if (fileInput.current) fileInput.current.value = '';
      blobs.reload();
    }
  };

  const download = (b: BlobEntry) => {
    setActionError(undefined);
    setStatus(`Downloading ${b.name}…`);
    downloadBlob(account, container, b.name).then(
      () => setStatus(`Downloaded ${b.name}.`),
      (e) => {
        setStatus('');
        setActionError(e);
      },
    );
  };

  const askDelete = (b: BlobEntry) =>
    confirm.ask({
      title: 'Delete blob',
      confirmLabel: 'Delete',
      danger: true,
      children: (
        <p>
          Delete <strong>{b.name}</strong> from container <strong>{container}</strong>? This cannot be undone.
        </p>
      ),
      onConfirm: async () => {
        await deleteBlob(account, container, b.name);
        setDeleted((d) => new Set([...d, b.name]));
        setStatus(`Deleted ${b.name}.`);
        blobs.reload();
      },
    });

  const parts = prefix.split('/').filter(Boolean);
  const crumbs: Crumb[] = [
    { label: 'Home', href: '/' },
    { label: 'Storage accounts', href: '/storage' },
    { label: account, href: accountHref(group, account) },
    { label: container, href: parts.length ? containerHref(group, account, container) : undefined },
    ...parts.map((p, i) => ({ label: p, href: i < parts.length - 1 ? containerHref(group, account, container, parts.slice(0, i + 1).join('/') + '/') : undefined })),
  ];
  const up = parts.length > 0 ? containerHref(group, account, container, parts.length > 1 ? parts.slice(0, -1).join('/') + '/' : undefined) : undefined;
  const writeHint = deniedHint(canWrite, BLOB_DATA_ACTIONS.write);
  const uploadId = 'storage-upload';

  const toolbar = (
    <>
      <input
        id={uploadId}
        ref={fileInput}
        class="storage-file"
        type="file"
        multiple
        disabled={writeHint.disabled || busy}
        onChange={(e) => void upload((e.target as HTMLInputElement).files)}
      />
      <label for={uploadId} class={`button storage-upload${writeHint.disabled || busy ? ' storage-disabled' : ''}`} title={writeHint.title}>
        Upload files
      </label>
      <button type="button" onClick={blobs.reload} disabled={blobs.loading}>
        Refresh
      </button>
      {up && <Link href={up}>Up one level</Link>}
    </>
  );

  return (
    <Page title={prefix ? `${container}/${prefix}` : container} crumbs={crumbs}>
      <p class="storage-path">
        Account <strong>{account}</strong>, container <strong>{container}</strong>
        {prefix ? (
          <>
            , folder <code>{prefix}</code>
          </>
        ) : null}
      </p>
      <p role="status" aria-live="polite" class="storage-status">
        {status}
      </p>
      <BlobError error={actionError} accountId={accountId} onDismiss={() => setActionError(undefined)} />
      <BlobError error={blobs.error} accountId={accountId} />
      {!blobs.error && (
        <div class="storage-blobs">
          <DataTable<BlobEntry>
            name="blobs"
            caption="Blobs"
            rows={blobs.data?.filter((b) => b.kind === 'folder' || !deleted.has(b.name))}
            loading={blobs.loading}
            rowKey={(b) => `${b.kind}:${b.name}`}
            toolbar={toolbar}
            empty={prefix ? 'This folder is empty.' : 'This container is empty.'}
            columns={[
              {
                key: 'name',
                label: 'Name',
                value: (b) => leaf(b.name, prefix),
                render: (b) =>
                  b.kind === 'folder' ? (
                    <Link href={containerHref(group, account, container, b.name)}>
                      {leaf(b.name, prefix)}
                    </Link>
                  ) : (
                    <span>{leaf(b.name, prefix)}</span>
                  ),
              },
              { key: 'size', label: 'Size', value: (b) => b.size ?? -1, render: (b) => (b.kind === 'folder' ? 'Folder' : formatBytes(b.size)) },
              { key: 'lastModified', label: 'Last modified', render: (b) => (b.lastModified ? <Time iso={b.lastModified} /> : '') },
              { key: 'contentType', label: 'Content type' },
              { key: 'etag', label: 'ETag', render: (b) => (b.etag ? <code>{b.etag}</code> : '') },
              {
                key: 'actions',
                label: 'Actions',
                value: () => '',
                render: (b) =>
                  b.kind === 'file' ? (
                    <span class="actions">
                      <button type="button" class="small" aria-label={`Download ${b.name}`} onClick={() => download(b)}>
                        Download
                      </button>
                      <button type="button" class="small" aria-label={`Delete ${b.name}`} {...deniedHint(canDelete, BLOB_DATA_ACTIONS.delete)} onClick={() => askDelete(b)}>
                        Delete
                      </button>
                    </span>
                  ) : null,
              },
            ]}
          />
        </div>
      )}
      {blobs.error ? <div class="toolbar">{toolbar}</div> : null}
      {confirm.dialog}
    </Page>
  );
}
