/**
 * One field's problem in a Zendesk `RecordInvalid` answer.
 *
 * @example
 * const problem: FieldProblem = { description: 'Description: cannot be blank', error: 'BlankValue' };
 */
export interface FieldProblem {
  description: string;
  error: string;
  field_key?: string;
}

/**
 * An error of the Zendesk Support API. Most answer `{ error, description, details? }`; validation errors are 422
 * `RecordInvalid` with `details` naming each field (https://developer.zendesk.com/api-reference/introduction/requests/#422-unprocessable-entity).
 *
 * @example
 * ZendeskApiError.recordInvalid({ base: [{ description: 'Description: cannot be blank', error: 'BlankValue' }] }).status; // 422
 */
export class ZendeskApiError extends Error {
  readonly status: number;
  readonly body: Record<string, unknown>;

  constructor(status: number, body: Record<string, unknown>) {
    super(typeof body['description'] === 'string' ? body['description'] : String(body['error'] ?? 'error'));
    this.name = 'ZendeskApiError';
    this.status = status;
    this.body = body;
  }

  static recordInvalid(details: Record<string, FieldProblem[]>): ZendeskApiError {
    return new ZendeskApiError(422, {
      error: 'RecordInvalid',
      description: 'Record validation errors',
      details,
    });
  }

  static notFound(): ZendeskApiError {
    return new ZendeskApiError(404, { error: 'RecordNotFound', description: 'Not found' });
  }

  static badRequest(description: string): ZendeskApiError {
    return new ZendeskApiError(400, { error: 'InvalidValue', description });
  }

  toResponse(headers: Record<string, string> = {}): Response {
    return Response.json(this.body, { status: this.status, headers });
  }
}
