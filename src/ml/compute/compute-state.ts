/**
 * The power-state machine of a compute instance. Cerulean's instances change state at once, so each action has an
 * interim state (what `show` reports while the operation runs) and a final one. Pure: no store, no clock.
 */
import { ApiError } from '../../shared/errors.js';

/** Azure's `ComputeInstanceState` values (rbac-arm §7.4). */
export type ComputeState =
  | 'Creating'
  | 'CreateFailed'
  | 'Deleting'
  | 'Running'
  | 'Restarting'
  | 'JobRunning'
  | 'SettingUp'
  | 'SetupFailed'
  | 'Starting'
  | 'Stopped'
  | 'Stopping'
  | 'UserSettingUp'
  | 'UserSetupFailed'
  | 'Unknown'
  | 'Unusable';

export type PowerAction = 'start' | 'stop' | 'restart';

export interface Transition {
  interim: ComputeState;
  final: ComputeState;
  /** `lastOperation.operationName` */
  operation: 'Start' | 'Stop' | 'Restart';
}

const TRANSITIONS: Record<PowerAction, { from: readonly ComputeState[]; interim: ComputeState; final: ComputeState; operation: Transition['operation'] }> = {
  start: { from: ['Stopped'], interim: 'Starting', final: 'Running', operation: 'Start' },
  stop: { from: ['Running', 'JobRunning'], interim: 'Stopping', final: 'Stopped', operation: 'Stop' },
  restart: { from: ['Running', 'JobRunning'], interim: 'Restarting', final: 'Running', operation: 'Restart' },
};

/** States in which processes may run in the instance (and its identity serves tokens). */
export function isRunning(state: ComputeState | undefined): boolean {
  return state === 'Running' || state === 'JobRunning';
}

/** The transition for `action` from `state`, or a 409 UserError saying which states allow it. */
export function planTransition(name: string, state: ComputeState, action: PowerAction): Transition {
  const t = TRANSITIONS[action];
  if (!t.from.includes(state)) {
    throw new ApiError(
      409,
      'UserError',
      `Compute instance '${name}' is in state '${state}'; it can be ${action === 'stop' ? 'stopped' : action === 'start' ? 'started' : 'restarted'} only when it is ${t.from.join(' or ')}.`,
    );
  }
  return { interim: t.interim, final: t.final, operation: t.operation };
}
