/** The curl and Python snippets of the Consume tab (the Python one as Azure ML studio shows it, with urllib.request). */
import type { AuthMode } from './ml-resources.js';

export interface SnippetInput {
  scoringUri: string;
  authMode: AuthMode;
  endpoint: string;
  group: string;
  workspace: string;
  /** The key (Key mode) or token once revealed; otherwise the snippets read `ENDPOINT_KEY` / a CLI call. */
  secret?: string;
}

const sh = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** How a shell obtains the credential when it is not written into the snippet. */
function shellCredential(i: SnippetInput): string {
  if (i.authMode === 'AMLToken') return `$(az ml online-endpoint get-credentials --name ${i.endpoint} --resource-group ${i.group} --workspace-name ${i.workspace} --query accessToken --output tsv)`;
  if (i.authMode === 'AADToken') return '$(az account get-access-token --resource https://ml.azure.com --query accessToken --output tsv)';
  return '$ENDPOINT_KEY';
}

export function curlSnippet(i: SnippetInput): string {
  const auth = i.secret ? `Authorization: Bearer ${i.secret}` : `Authorization: Bearer ${shellCredential(i)}`;
  const quotedAuth = i.secret ? sh(auth) : `"${auth}"`;
  return [`curl -X POST ${i.scoringUri} \\`, `  -H ${quotedAuth} \\`, `  -H "Content-Type: application/json" \\`, `  -d @request.json`].join('\n');
}

function pythonCredential(i: SnippetInput): string {
  if (i.secret) return `api_key = ${JSON.stringify(i.secret)}`;
  if (i.authMode === 'Key') return `api_key = os.environ["ENDPOINT_KEY"]  # the endpoint's primary or secondary key`;
  if (i.authMode === 'AMLToken') {
    return `# az ml online-endpoint get-credentials --name ${i.endpoint} --resource-group ${i.group} --workspace-name ${i.workspace} --query accessToken -o tsv\napi_key = os.environ["ENDPOINT_TOKEN"]`;
  }
  return `# az account get-access-token --resource https://ml.azure.com --query accessToken -o tsv\napi_key = os.environ["ENDPOINT_TOKEN"]`;
}

export function pythonSnippet(i: SnippetInput): string {
  return `import json
import os
import urllib.request

# Request data goes here
data = {}

body = str.encode(json.dumps(data))

url = ${JSON.stringify(i.scoringUri)}
# Replace this with the primary/secondary key, AMLToken, or Microsoft Entra ID token for the endpoint
${pythonCredential(i)}
if not api_key:
    raise Exception("A key should be provided to invoke the endpoint")

# Add 'azureml-model-deployment': '<deployment>' to force the request to go to a specific deployment;
# without it the request observes the endpoint traffic rules.
headers = {"Content-Type": "application/json", "Authorization": ("Bearer " + api_key)}

req = urllib.request.Request(url, body, headers)

try:
    response = urllib.request.urlopen(req)
    result = response.read()
    print(result)
except urllib.error.HTTPError as error:
    print("The request failed with status code: " + str(error.code))
    # Print the headers - they include the request ID and the timestamp, which are useful for debugging the failure
    print(error.info())
    print(error.read().decode("utf8", "ignore"))
`;
}
