/**
 * Errors the CLI prints the way az does: `ERROR: …` lines on stderr and az's exit codes
 * (2 usage, 3 not found, 1 everything else).
 */
export class CliError extends Error {
  readonly exitCode: number;
  /** Extra lines printed after the `ERROR:` line (e.g. ARM's `Code:` / `Message:`). */
  readonly detailLines: string[];

  constructor(message: string, exitCode = 1, detailLines: string[] = []) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
    this.detailLines = detailLines;
  }
}

/** Bad command line: az exits 2. */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, 2);
    this.name = 'UsageError';
  }
}

/** The platform is not reachable (no runtime.json, stale pid, or no answer from its proxy). */
export class NotRunningError extends CliError {
  constructor(message: string) {
    super(message, 1);
    this.name = 'NotRunningError';
  }
}

/** An HTTP error from ARM, Graph or the token service, rendered like azure-core's HttpResponseError. */
export class ServiceError extends CliError {
  readonly status: number;
  readonly code: string | undefined;
  readonly serviceMessage: string;
  readonly body: unknown;

  constructor(status: number, code: string | undefined, serviceMessage: string, body: unknown, style: 'arm' | 'plain' = 'arm') {
    const head = style === 'arm' && code ? `(${code}) ${serviceMessage}` : serviceMessage;
    const lines = style === 'arm' && code ? [`Code: ${code}`, `Message: ${serviceMessage}`] : [];
    super(head, status === 404 ? 3 : 1, lines);
    this.name = 'ServiceError';
    this.status = status;
    this.code = code;
    this.serviceMessage = serviceMessage;
    this.body = body;
  }
}

/** Renders an error as az 2.45 prints it: the `ERROR:` line, then any detail lines. */
export function formatCliError(err: unknown): { text: string; exitCode: number } {
  if (err instanceof CliError) {
    const lines = [`ERROR: ${err.message}`, ...err.detailLines];
    return { text: lines.join('\n') + '\n', exitCode: err.exitCode };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { text: `ERROR: The command failed with an unexpected error: ${message}\n`, exitCode: 1 };
}
