/** A service failure shown as the service said it: code and Azure's message. */
import { ApiFailure } from '../api/http.js';

export function ErrorBanner(props: { error: unknown; onDismiss?: () => void }) {
  if (!props.error) return null;
  const e = props.error;
  const code = e instanceof ApiFailure ? e.code : undefined;
  const status = e instanceof ApiFailure && e.status ? e.status : undefined;
  const message = e instanceof Error ? e.message : String(e);
  return (
    <div class="banner error" role="alert">
      <div>
        {code && (
          <strong class="code">
            {code}
            {status ? ` (${status})` : ''}
          </strong>
        )}
        <p class="message">{message}</p>
      </div>
      {props.onDismiss && (
        <button type="button" class="link" onClick={props.onDismiss} aria-label="Dismiss error">
          Dismiss
        </button>
      )}
    </div>
  );
}
