/**
 * Test tab: POST a JSON body to the scoring URI with the endpoint's credential (key, AML token or the user's
 * Azure ML token), optionally pinned to one deployment (`azureml-model-deployment`); shows status, latency,
 * response headers and body.
 */
import { useState } from 'preact/hooks';
import { Field } from '../../ui/field.js';
import { ErrorBanner } from '../../ui/error-banner.js';
import { call, ApiFailure } from '../../api/http.js';
import { scoringUrl } from '../../api/config.js';
import { scoringAuthorization } from './scoring-credentials.js';
import type { Deployment, Endpoint } from './ml-resources.js';

interface Result {
  status: number;
  ok: boolean;
  ms: number;
  headers: Array<[string, string]>;
  body: string;
  code?: string;
}

const FIRST = ['azureml-model-deployment', 'x-request-id', 'content-type'];

function headerList(h: Headers | undefined): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  // CORS bookkeeping is not part of the service's answer.
  h?.forEach((v, k) => {
    if (!k.toLowerCase().startsWith('access-control-')) out.push([k.toLowerCase(), v]);
  });
  const rank = (k: string) => (FIRST.includes(k) ? FIRST.indexOf(k) : FIRST.length);
  return out.sort((a, b) => rank(a[0]) - rank(b[0]) || a[0].localeCompare(b[0]));
}

function pretty(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

export function EndpointTestTab(props: { group: string; workspace: string; endpoint: Endpoint; deployments: Deployment[] | undefined }) {
  const ep = props.endpoint;
  const [body, setBody] = useState('{}');
  const [deployment, setDeployment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [result, setResult] = useState<Result | undefined>();

  const run = async () => {
    setError(undefined);
    try {
      JSON.parse(body);
    } catch (e) {
      setError(new Error(`The request body is not valid JSON: ${(e as Error).message}`));
      return;
    }
    setBusy(true);
    try {
      const authorization = await scoringAuthorization(props.group, props.workspace, ep.name, ep.properties.authMode);
      const headers: Record<string, string> = { authorization, 'content-type': 'application/json' };
      if (deployment) headers['azureml-model-deployment'] = deployment;
      const started = performance.now();
      try {
        const res = await call(scoringUrl(ep.properties.scoringUri), { method: 'POST', body, headers, auth: 'none' });
        const text = await res.text();
        setResult({ status: res.status, ok: true, ms: Math.round(performance.now() - started), headers: headerList(res.headers), body: text });
      } catch (e) {
        if (!(e instanceof ApiFailure) || e.status === 0) throw e;
        setResult({ status: e.status, ok: false, ms: Math.round(performance.now() - started), headers: headerList(e.headers), body: e.message, code: e.code });
      }
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="endpoints-test">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void run();
        }}
      >
        <Field label="Request body" hint="JSON sent to the scoring URI as application/json.">
          {(id) => <textarea id={id} rows={8} spellcheck={false} value={body} onInput={(e) => setBody((e.target as HTMLTextAreaElement).value)} />}
        </Field>
        <Field label="Deployment" hint="Blank: the endpoint's traffic rules choose. Otherwise sent as the azureml-model-deployment header.">
          {(id) => (
            <select id={id} value={deployment} onChange={(e) => setDeployment((e.target as HTMLSelectElement).value)}>
              <option value="">(by traffic)</option>
              {(props.deployments ?? []).map((d) => (
                <option value={d.name}>{d.name}</option>
              ))}
            </select>
          )}
        </Field>
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Testing…' : 'Test'}
        </button>
      </form>
      <ErrorBanner error={error} />
      {result && (
        <section aria-label="Test result" class="endpoints-result">
          <p role="status">
            <span class={`badge ${result.ok ? 'ok' : 'bad'}`}>
              Status {result.status}
              {result.code && !/^HTTP\d+$/.test(result.code) ? ` ${result.code}` : ''}
            </span>{' '}
            <span>Latency {result.ms} ms</span>
          </p>
          <h3>Response headers</h3>
          <dl class="endpoints-headers" aria-label="Response headers">
            {result.headers.map(([k, v]) => (
              <div>
                <dt>{k}</dt>
                <dd>{v}</dd>
              </div>
            ))}
          </dl>
          <h3>Response body</h3>
          <pre role="region" aria-label="Response" tabIndex={0}>
            {pretty(result.body)}
          </pre>
        </section>
      )}
    </div>
  );
}
