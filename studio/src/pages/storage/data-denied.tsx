/**
 * A Blob data-plane failure shown as Azure said it, and — for a 403 — what it means: reading blobs needs a
 * Storage Blob Data role; Owner and Contributor grant no data access. Links to the account's access control and
 * to the denials log.
 */
import { ApiFailure } from '../../api/http.js';
import { ErrorBanner } from '../../ui/error-banner.js';
import { Link } from '../../router.js';

export function BlobError(props: { error: unknown; accountId: string; onDismiss?: () => void }) {
  const e = props.error;
  if (!e) return null;
  const denied = e instanceof ApiFailure && e.status === 403;
  const explanation = e instanceof ApiFailure ? e.headers?.get('x-ms-cerulean-explanation') : undefined;
  return (
    <div class="storage-denied">
      <ErrorBanner error={e} onDismiss={props.onDismiss} />
      {denied && (
        <div class="banner info" role="note">
          <div>
            <p class="message">
              Reading blobs needs a data role such as Storage Blob Data Reader on this account or container; Owner and Contributor grant no data access.
            </p>
            <p class="message">Uploading and deleting blobs need Storage Blob Data Contributor.</p>
            {explanation && <p class="message">{explanation}</p>}
            <p class="message">
              <Link href={`/access?scope=${encodeURIComponent(props.accountId)}`}>Access control for this account</Link>
              {' · '}
              <Link href="/denials">Recent denials</Link>
            </p>
          </div>
        </div>
      )}
    </div>
  );
}
