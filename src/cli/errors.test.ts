import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CliError, formatCliError, UsageError } from './errors.js';
import { armError, graphError, tokenError } from './http/service-errors.js';

test('ARM errors print like az 2.45: (Code) message, then Code: and Message: lines; 404 exits 3', () => {
  const err = armError({
    status: 404,
    headers: {},
    text: JSON.stringify({ error: { code: 'ResourceGroupNotFound', message: "Resource group 'x' could not be found." } }),
  });
  assert.deepEqual(formatCliError(err), {
    text: "ERROR: (ResourceGroupNotFound) Resource group 'x' could not be found.\nCode: ResourceGroupNotFound\nMessage: Resource group 'x' could not be found.\n",
    exitCode: 3,
  });
});

test('ARM errors without an envelope, Graph errors, token errors', () => {
  assert.equal(formatCliError(armError({ status: 500, headers: {}, text: '' })).text, "ERROR: Operation returned an invalid status 'Internal Server Error'\n");
  const g = graphError({ status: 404, headers: {}, text: JSON.stringify({ error: { code: 'Request_ResourceNotFound', message: "Resource 'x' does not exist." } }) });
  assert.deepEqual(formatCliError(g), { text: "ERROR: Resource 'x' does not exist.\n", exitCode: 3 });
  const t = tokenError({ status: 401, headers: {}, text: JSON.stringify({ error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.\r\nTrace ID: 1' }) });
  assert.deepEqual(formatCliError(t), { text: 'ERROR: AADSTS7000215: Invalid client secret provided.\n', exitCode: 1 });
});

test('usage errors exit 2, other CLI errors 1, unexpected errors are labelled', () => {
  assert.equal(formatCliError(new UsageError('bad')).exitCode, 2);
  assert.deepEqual(formatCliError(new CliError("Role 'x' doesn't exist.")), { text: "ERROR: Role 'x' doesn't exist.\n", exitCode: 1 });
  assert.match(formatCliError(new TypeError('boom')).text, /^ERROR: The command failed with an unexpected error: boom\n$/);
});
