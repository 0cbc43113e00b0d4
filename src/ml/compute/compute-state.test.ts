import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isApiError } from '../../shared/errors.js';
import { isRunning, planTransition } from './compute-state.js';

test('stop, start and restart move through their interim states', () => {
  assert.deepEqual(planTransition('ci', 'Running', 'stop'), { interim: 'Stopping', final: 'Stopped', operation: 'Stop' });
  assert.deepEqual(planTransition('ci', 'Stopped', 'start'), { interim: 'Starting', final: 'Running', operation: 'Start' });
  assert.deepEqual(planTransition('ci', 'Running', 'restart'), { interim: 'Restarting', final: 'Running', operation: 'Restart' });
});

test('actions from the wrong state are refused with 409 UserError naming the allowed states', () => {
  for (const [state, action] of [
    ['Stopped', 'stop'],
    ['Running', 'start'],
    ['Stopped', 'restart'],
    ['Stopping', 'start'],
  ] as const) {
    assert.throws(
      () => planTransition('ci1', state, action),
      (e: unknown) => isApiError(e) && e.status === 409 && e.code === 'UserError' && e.message.includes(`'ci1' is in state '${state}'`),
    );
  }
});

test('only Running and JobRunning instances run processes', () => {
  assert.equal(isRunning('Running'), true);
  assert.equal(isRunning('JobRunning'), true);
  for (const s of ['Stopped', 'Stopping', 'Starting', 'Restarting', 'Creating', undefined] as const) assert.equal(isRunning(s), false);
});
