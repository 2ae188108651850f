import { randomUUID } from 'node:crypto';

/**
 * One problem with one property, in the shape HubSpot lists inside a `VALIDATION_ERROR` message
 * (`Property values were not valid: [{"isValid":false,"message":…,"error":…,"name":…}]`).
 *
 * @example
 * const problem: PropertyProblem = { isValid: false, message: 'Email address x is invalid', error: 'INVALID_EMAIL', name: 'email' };
 */
export interface PropertyProblem {
  isValid: false;
  message: string;
  error: string;
  name: string;
}

/**
 * An error of the HubSpot API, rendered as HubSpot's JSON error body `{ status: 'error', message, correlationId,
 * category, errors? }` (https://developers.hubspot.com/docs/api/error-handling; every field may be absent in real
 * responses, so clients should map by HTTP status and `category`).
 *
 * @example
 * new HubspotApiError(404, 'OBJECT_NOT_FOUND', 'resource not found').toResponse().status; // 404
 */
export class HubspotApiError extends Error {
  readonly status: number;
  readonly category: string;
  readonly extra: Record<string, unknown>;

  constructor(status: number, category: string, message: string, extra: Record<string, unknown> = {}) {
    super(message);
    this.name = 'HubspotApiError';
    this.status = status;
    this.category = category;
    this.extra = extra;
  }

  /** A 400 `VALIDATION_ERROR` listing every invalid property, each also named in `errors[].in`. */
  static invalidProperties(problems: PropertyProblem[]): HubspotApiError {
    return new HubspotApiError(
      400,
      'VALIDATION_ERROR',
      `Property values were not valid: ${JSON.stringify(problems)}`,
      {
        errors: problems.map((p) => ({ message: p.message, in: p.name, code: p.error })),
      },
    );
  }

  /** A 400 `VALIDATION_ERROR` about the request body rather than a property. */
  static validation(message: string, field?: string): HubspotApiError {
    return new HubspotApiError(
      400,
      'VALIDATION_ERROR',
      message,
      field ? { errors: [{ message, in: field }] } : {},
    );
  }

  static notFound(message = 'resource not found'): HubspotApiError {
    return new HubspotApiError(404, 'OBJECT_NOT_FOUND', message);
  }

  toResponse(headers: Record<string, string> = {}): Response {
    return Response.json(
      {
        status: 'error',
        message: this.message,
        correlationId: randomUUID(),
        category: this.category,
        ...this.extra,
      },
      { status: this.status, headers },
    );
  }
}
