/** A handler result that sets the process exit code instead of printing (e.g. `cerulean start`). */
export class ExitWith {
  constructor(readonly code: number) {}
}
