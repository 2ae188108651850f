/**
 * Hotmart's error body and the error the routes throw to produce it (reference §3.5):
 * `{"error": "<type>", "error_description": "<text>", "error_uri"?: "<doc url>"}`.
 */

/**
 * The documentation link Hotmart puts in `error_uri` (reference §2.5 fixture).
 *
 * @example
 * new ApiError(404, 'not_found', 'gone').body.error_uri === ERROR_URI; // true
 */
export const ERROR_URI = 'https://developers.hotmart.com/docs/pt-BR/start/http-response-codes/';

/**
 * The JSON body of every Hotmart error response.
 *
 * @example
 * const body: HotmartErrorBody = { error: 'not_found', error_description: 'Subscriber ABC12DEF not found' };
 */
export interface HotmartErrorBody {
  error: string;
  error_description: string;
  error_uri?: string;
}

/**
 * An error a route throws to answer with a Hotmart error body; the app's error handler renders it.
 *
 * @example
 * throw new ApiError(404, 'not_found', 'Subscriber ABC12DEF not found');
 */
export class ApiError extends Error {
  readonly status: number;
  readonly body: HotmartErrorBody;

  constructor(status: number, error: string, description: string, withUri = true) {
    super(`${status} ${error}: ${description}`);
    this.name = 'ApiError';
    this.status = status;
    this.body = { error, error_description: description };
    if (withUri) this.body.error_uri = ERROR_URI;
  }
}

/**
 * 400 `invalid_parameter`: a parameter is missing, malformed or repeated when it must be single.
 *
 * @example
 * throw invalidParameter('max_results', 'must be an integer');
 */
export function invalidParameter(name: string, problem: string): ApiError {
  return new ApiError(400, 'invalid_parameter', `Invalid parameter '${name}': ${problem}`);
}

/**
 * 400 `invalid_value_parameter`: a well-formed parameter with a value Hotmart does not accept.
 *
 * @example
 * throw invalidValue('transaction_status', 'unknown status PAID');
 */
export function invalidValue(name: string, problem: string): ApiError {
  return new ApiError(400, 'invalid_value_parameter', `Invalid value for parameter '${name}': ${problem}`);
}

/**
 * 404 `not_found` for a missing transaction, subscriber, product or other resource.
 *
 * @example
 * throw notFound('product', 'f2b3be1f-313f-4a2d-b5b7-1c39d67dd3ee');
 */
export function notFound(what: string, id: string | number): ApiError {
  return new ApiError(404, 'not_found', `${what} ${id} not found`);
}

/**
 * The 401 body for a request without a bearer token, exactly as Hotmart's sample (reference §2.5).
 *
 * @example
 * return c.json(UNAUTHORIZED_BODY, 401);
 */
export const UNAUTHORIZED_BODY: HotmartErrorBody = {
  error: 'unauthorized',
  error_description: 'Full authentication is required to access this resource.',
  error_uri: ERROR_URI,
};
