// Canonical gRPC status names Google APIs put in the `status` field of their JSON error envelope.
const STATUS_NAMES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ALREADY_EXISTS',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  501: 'UNIMPLEMENTED',
  502: 'UNAVAILABLE',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

/**
 * An error of a Google API, rendered as Google's envelope `{ error: { code, message, status } }` (plus `details`
 * when Google sends an `ErrorInfo` reason).
 *
 * @example
 * new GoogleApiError(404, 'Requested entity was not found.').toResponse().status; // 404
 */
export class GoogleApiError extends Error {
  readonly code: number;
  readonly reason: string | undefined;
  readonly headers: Record<string, string>;

  constructor(code: number, message: string, reason?: string, headers: Record<string, string> = {}) {
    super(message);
    this.name = 'GoogleApiError';
    this.code = code;
    this.reason = reason;
    this.headers = headers;
  }

  /** The envelope as a JSON `Response`. */
  toResponse(): Response {
    return googleErrorResponse(this.code, this.message, this.reason, this.headers);
  }
}

/**
 * Google's JSON error envelope as a `Response`.
 *
 * @example
 * googleErrorResponse(400, 'Unable to parse range: Nope!A1').status; // 400
 */
export function googleErrorResponse(
  code: number,
  message: string,
  reason?: string,
  headers: Record<string, string> = {},
): Response {
  const error: Record<string, unknown> = { code, message, status: STATUS_NAMES[code] ?? 'UNKNOWN' };
  if (reason) {
    error['details'] = [
      {
        '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
        reason,
        domain: 'googleapis.com',
        metadata: { service: 'sheets.googleapis.com' },
      },
    ];
  }
  return Response.json({ error }, { status: code, headers });
}

/**
 * An error of Google's OAuth 2.0 token endpoint, which uses the RFC 6749 shape `{ error, error_description }`
 * rather than the API envelope.
 *
 * @example
 * oauthErrorResponse('invalid_grant', 'Invalid JWT Signature.').status; // 400
 */
export function oauthErrorResponse(error: string, description: string, status = 400): Response {
  return Response.json({ error, error_description: description }, { status });
}
