/**
 * Typed errors. Handlers throw `ApiError`; each plane renders it once in its own dialect
 * (ARM JSON envelope, Storage XML, OAuth JSON, OCI JSON, MSI JSON).
 */
export interface ErrorDetail {
  code: string;
  message: string;
  target?: string;
  details?: ErrorDetail[];
  additionalInfo?: Array<{ type: string; info: unknown }>;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly target?: string;
  readonly details?: ErrorDetail[];
  readonly additionalInfo?: Array<{ type: string; info: unknown }>;
  readonly headers: Record<string, string>;
  /** Plane-specific extra fields (e.g. OAuth `error_codes`, Storage XML extra elements). */
  readonly extra: Record<string, unknown>;

  constructor(
    status: number,
    code: string,
    message: string,
    opts: {
      target?: string;
      details?: ErrorDetail[];
      additionalInfo?: Array<{ type: string; info: unknown }>;
      headers?: Record<string, string>;
      extra?: Record<string, unknown>;
    } = {},
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.target = opts.target;
    this.details = opts.details;
    this.additionalInfo = opts.additionalInfo;
    this.headers = opts.headers ?? {};
    this.extra = opts.extra ?? {};
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}
