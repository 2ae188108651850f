/**
 * A compiled route pattern of a fault rule: an optional HTTP method, then a path in which `:name` matches one
 * segment, `*` matches any characters inside one segment and `**` matches anything, slashes included. `*` or `**`
 * alone matches every request.
 *
 * @example
 * const pattern = compileRoutePattern('POST /crm/v3/objects/:type');
 * pattern.matches('POST', '/crm/v3/objects/contacts'); // true
 */
export interface RoutePattern {
  readonly source: string;
  matches(method: string, path: string): boolean;
}

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);

/**
 * Compiles a route pattern; throws a `TypeError` when the text is not one.
 *
 * @example
 * compileRoutePattern('/api/**').matches('GET', '/api/v2/tickets'); // true
 */
export function compileRoutePattern(source: string): RoutePattern {
  const text = source.trim();
  const space = text.indexOf(' ');
  const head = space === -1 ? '' : text.slice(0, space).toUpperCase();
  const method = METHODS.has(head) ? head : undefined;
  const path = (method ? text.slice(space + 1) : text).trim();
  if (path === '*' || path === '**') {
    return { source, matches: (m) => method === undefined || m.toUpperCase() === method };
  }
  if (!path.startsWith('/')) throw new TypeError(`route pattern must be "[METHOD ]/path", got "${source}"`);
  let regex = '';
  for (let i = 0; i < path.length; i++) {
    const ch = path[i] as string;
    if (ch === '*' && path[i + 1] === '*') {
      regex += '.*';
      i++;
    } else if (ch === '*') {
      regex += '[^/]*';
    } else if (ch === ':' && /[A-Za-z_]/.test(path[i + 1] ?? '')) {
      while (/[A-Za-z0-9_]/.test(path[i + 1] ?? '')) i++;
      regex += '[^/]+';
    } else {
      regex += ch.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
    }
  }
  const compiled = new RegExp(`^${regex}/?$`);
  return {
    source,
    matches: (m, p) => (method === undefined || m.toUpperCase() === method) && compiled.test(p),
  };
}
