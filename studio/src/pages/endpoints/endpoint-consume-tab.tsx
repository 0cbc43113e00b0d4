/** Consume tab: the scoring URI, the keys (revealed on demand) or how to get a token, and snippets that work as shown. */
import { useState } from 'preact/hooks';
import { CopyButton, deniedHint } from '../../ui/field.js';
import { ErrorBanner } from '../../ui/error-banner.js';
import { Properties } from '../../ui/page.js';
import { ACTIONS, type Endpoint } from './ml-resources.js';
import { listKeys, type EndpointKeys } from './scoring-credentials.js';
import { curlSnippet, pythonSnippet } from './consume-snippets.js';

function Snippet(props: { title: string; text: string }) {
  return (
    <section aria-label={props.title}>
      <div class="endpoints-snippet-head">
        <h3>{props.title}</h3>
        <CopyButton text={props.text} label={`Copy ${props.title}`} />
      </div>
      <pre tabIndex={0}>{props.text}</pre>
    </section>
  );
}

export function EndpointConsumeTab(props: { group: string; workspace: string; endpoint: Endpoint; can: (action: string) => boolean }) {
  const ep = props.endpoint;
  const mode = ep.properties.authMode;
  const [keys, setKeys] = useState<EndpointKeys | undefined>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const reveal = async () => {
    setBusy(true);
    setError(undefined);
    try {
      setKeys(await listKeys(props.group, props.workspace, ep.name));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const input = { scoringUri: ep.properties.scoringUri, authMode: mode, endpoint: ep.name, group: props.group, workspace: props.workspace, secret: keys?.primaryKey };
  return (
    <div>
      <Properties
        items={[
          [
            'REST endpoint',
            <span>
              <code>{ep.properties.scoringUri}</code> <CopyButton text={ep.properties.scoringUri} label="Copy scoring URI" />
            </span>,
          ],
          ['Swagger URI', ep.properties.swaggerUri],
          ['Authentication', mode === 'Key' ? 'Key (Key)' : mode === 'AMLToken' ? 'Azure ML token (AMLToken)' : 'Microsoft Entra ID token (AADToken)'],
        ]}
      />
      {mode === 'Key' && (
        <section aria-labelledby="consume-keys">
          <h2 id="consume-keys">Keys</h2>
          {!keys && (
            <button type="button" onClick={() => void reveal()} disabled={busy || !props.can(ACTIONS.listKeys)} title={deniedHint(props.can(ACTIONS.listKeys), ACTIONS.listKeys).title}>
              {busy ? 'Getting keys…' : 'Show keys'}
            </button>
          )}
          {keys && (
            <>
              <Properties
                items={[
                  [
                    'Primary key',
                    <span>
                      <code>{keys.primaryKey}</code> <CopyButton text={keys.primaryKey} label="Copy primary key" />
                    </span>,
                  ],
                  [
                    'Secondary key',
                    <span>
                      <code>{keys.secondaryKey}</code> <CopyButton text={keys.secondaryKey} label="Copy secondary key" />
                    </span>,
                  ],
                ]}
              />
              <button type="button" onClick={() => setKeys(undefined)}>
                Hide keys
              </button>
            </>
          )}
          <ErrorBanner error={error} />
        </section>
      )}
      {mode === 'AMLToken' && <p>Scoring requests need an Azure ML token for this endpoint: `az ml online-endpoint get-credentials` (valid for one hour).</p>}
      {mode === 'AADToken' && (
        <p>Scoring requests need a Microsoft Entra ID token for https://ml.azure.com, and the caller needs `Microsoft.MachineLearningServices/workspaces/onlineEndpoints/score/action` on the endpoint.</p>
      )}
      <h2>Consumption</h2>
      <p class="endpoints-note">
        Save the request body as <code>request.json</code>.{mode === 'Key' && !keys ? ' Select Show keys to put the key into the snippets, or set ENDPOINT_KEY.' : ''}
      </p>
      <Snippet title="curl" text={curlSnippet(input)} />
      <Snippet title="Python" text={pythonSnippet(input)} />
    </div>
  );
}
