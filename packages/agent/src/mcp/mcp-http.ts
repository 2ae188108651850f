import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import type { Context } from 'hono';
import { redact } from '../kit/redact.ts';
import { createMcpRuntime, type McpDeps } from './mcp-runtime.ts';
import { buildMcpServer } from './mcp-server.ts';

/**
 * Who an API token belongs to, as the token check reports it.
 *
 * @example
 * import type { VerifiedToken } from './mcp-http.ts';
 * const token: VerifiedToken = { userId: 'user_1', scopes: ['read', 'mcp'] };
 */
export interface VerifiedToken {
  userId: string;
  scopes: readonly string[];
}

/**
 * Checks a bearer token (`hp_…`, hashed with SHA-256 in `api_tokens` by the access layer): its owner and scopes,
 * or null when it is unknown, revoked or expired.
 *
 * @example
 * import type { VerifyToken } from './mcp-http.ts';
 * const verifyToken: VerifyToken = async (token) => (token === 'hp_test' ? { userId: 'u1', scopes: ['mcp'] } : null);
 */
export type VerifyToken = (token: string) => Promise<VerifiedToken | null> | VerifiedToken | null;

/**
 * What the HTTP handler needs: the MCP deps without `actor` (each request's token names it), the token check and
 * a body limit.
 *
 * @example
 * import { registry } from '../connectors/registry.ts';
 * import type { McpHttpDeps } from './mcp-http.ts';
 * const deps: McpHttpDeps = { store, registry, settings: { writes: 'approval' }, verifyToken };
 */
export interface McpHttpDeps extends Omit<McpDeps, 'actor'> {
  verifyToken: VerifyToken;
  /** Largest request body accepted, in bytes (default 1 MiB). */
  maxBodyBytes?: number;
}

/**
 * The scope a token needs for `/mcp`.
 *
 * @example
 * import { MCP_SCOPE } from './mcp-http.ts';
 * const canUseMcp = (scopes: readonly string[]) => scopes.includes(MCP_SCOPE);
 */
export const MCP_SCOPE = 'mcp';

const BEARER = /^Bearer\s+(\S+)\s*$/i;
const DEFAULT_MAX_BODY = 1024 * 1024;

/**
 * The Streamable HTTP MCP endpoint as a Hono handler: mount it with `app.all('/mcp', handler)`. Every request needs
 * `Authorization: Bearer <token>` with the `mcp` scope (401 without a valid token, 403 without the scope), and is
 * served statelessly — a fresh server per request, answered as JSON — so any hotpilot web process can answer any
 * request and each call is audited as the token's user. `GET` (a server-initiated event stream) and `DELETE`
 * (session end) answer 405: there are no sessions and nothing to push.
 *
 * @example
 * import { Hono } from 'hono';
 * import { registry } from '../connectors/registry.ts';
 * import { createMcpHttpHandler } from './mcp-http.ts';
 * const app = new Hono();
 * app.all('/mcp', createMcpHttpHandler({ store, registry, settings: { writes: 'approval' }, verifyToken }));
 */
export function createMcpHttpHandler(deps: McpHttpDeps): (c: Context) => Promise<Response> {
  const runtime = createMcpRuntime(deps);
  const maxBodyBytes = deps.maxBodyBytes ?? DEFAULT_MAX_BODY;

  return async (c) => {
    const request = c.req.raw;
    const match = BEARER.exec(request.headers.get('authorization') ?? '');
    if (!match) return unauthorized('missing bearer token');
    let verified: VerifiedToken | null;
    try {
      verified = await deps.verifyToken(match[1]!);
    } catch (error) {
      runtime.logger.error({ err: redact(error) }, 'MCP token check failed');
      return jsonError(503, 'unavailable', 'could not check the token; try again');
    }
    if (!verified) return unauthorized('invalid, revoked or expired token');
    if (!verified.scopes.includes(MCP_SCOPE)) {
      return jsonError(403, 'insufficient_scope', `this token lacks the "${MCP_SCOPE}" scope`, {
        'www-authenticate': `Bearer realm="hotpilot", error="insufficient_scope", scope="${MCP_SCOPE}"`,
      });
    }
    if (request.method !== 'POST') {
      return jsonError(405, 'method_not_allowed', 'this MCP endpoint is stateless: POST JSON-RPC messages', {
        allow: 'POST',
      });
    }

    const server = buildMcpServer(runtime, { actor: verified.userId, channel: 'http' });
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
      maxRequestBodySize: maxBodyBytes,
    });
    try {
      await server.connect(transport);
      return await transport.handleRequest(request, {
        authInfo: { token: '[redacted]', clientId: verified.userId, scopes: [...verified.scopes] },
      });
    } finally {
      await server.close().catch(() => {});
    }
  };
}

function unauthorized(message: string): Response {
  return jsonError(401, 'unauthorized', message, {
    'www-authenticate': 'Bearer realm="hotpilot", error="invalid_token"',
  });
}

function jsonError(
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify({ error: { code, message } }), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}
