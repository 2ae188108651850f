import { z } from 'zod';
import type { AnyAction } from '../connectors/kit.ts';
import type { Registry } from '../connectors/registry.ts';
import { LOCALES, type Locale } from '../kit/i18n/locale.ts';

/**
 * What happens to a call of a write tool:
 * - `off` (default): refused, with an explanation of how to enable writes;
 * - `dry_run`: never executed; every call answers the preview a `dry_run: true` call would;
 * - `approval`: queued for a person's approval (dashboard or CLI) and executed once approved;
 * - `on`: executed at once.
 * In every mode but `off`, `dry_run: true` answers a preview without calling anything.
 *
 * @example
 * import type { WriteMode } from './mcp-settings.ts';
 * const safest: WriteMode = 'approval';
 */
export type WriteMode = 'off' | 'dry_run' | 'approval' | 'on';

/**
 * Every write mode, from the safest.
 *
 * @example
 * import { WRITE_MODES } from './mcp-settings.ts';
 * WRITE_MODES.join('|'); // 'off|dry_run|approval|on'
 */
export const WRITE_MODES: readonly WriteMode[] = Object.freeze(['off', 'dry_run', 'approval', 'on'] as const);

/**
 * The MCP server's settings, as the configuration gives them.
 *
 * @example
 * import type { McpSettings } from './mcp-settings.ts';
 * const settings: McpSettings = { writes: 'approval', allow: ['hotmart_refund_sale', 'hubspot_*'] };
 */
export interface McpSettings {
  writes: WriteMode;
  /**
   * Write tools that may be enabled: action ids, or a prefix ending in `*` (`hubspot_*`). Absent: every write.
   * Writes outside the list are refused whatever `writes` says; reads are never restricted.
   */
  allow?: readonly string[];
  /** Hours an approval waits for a decision before it expires (default 24). */
  approvalTtlHours?: number;
  /** Language of the dates and amounts people read in answers (default `en`). */
  locale?: Locale;
  /** Time zone of those dates (default `UTC`). */
  timeZone?: string;
}

const ALLOW_ENTRY = /^(?:\*|[a-z][a-z0-9_]*\*?)$/;

/**
 * The zod schema of `McpSettings`, for the configuration to validate `HOTPILOT_MCP_*` values with.
 *
 * @example
 * import { McpSettingsSchema } from './mcp-settings.ts';
 * McpSettingsSchema.parse({ writes: 'on', allow: ['slack_post_message'] });
 */
export const McpSettingsSchema = z.strictObject({
  writes: z.enum(['off', 'dry_run', 'approval', 'on']),
  allow: z
    .array(z.string().regex(ALLOW_ENTRY, 'an action id, or a prefix ending in * (e.g. hubspot_*)'))
    .optional(),
  approvalTtlHours: z
    .number()
    .positive()
    .max(24 * 30)
    .optional(),
  locale: z.enum(LOCALES as readonly [Locale, ...Locale[]]).optional(),
  timeZone: z.string().min(1).optional(),
});

/** Defaults of the optional settings. */
const DEFAULT_TTL_HOURS = 24;

/**
 * Settings with every default filled in and the allow-list checked against the registry.
 *
 * @example
 * import type { ResolvedMcpSettings } from './mcp-settings.ts';
 * const ttl = (settings: ResolvedMcpSettings) => settings.approvalTtlMs / 3_600_000;
 */
export interface ResolvedMcpSettings {
  writes: WriteMode;
  allow: readonly string[] | null;
  approvalTtlMs: number;
  locale: Locale;
  timeZone: string;
}

/**
 * Checks the settings (a typo in the allow-list fails at start-up rather than silently enabling nothing) and fills
 * in the defaults.
 *
 * @example
 * import { registry } from '../connectors/registry.ts';
 * import { resolveMcpSettings } from './mcp-settings.ts';
 * const settings = resolveMcpSettings({ writes: 'approval', allow: ['hotmart_refund_sale'] }, registry);
 * settings.approvalTtlMs; // 86_400_000
 */
export function resolveMcpSettings(settings: McpSettings, registry: Registry): ResolvedMcpSettings {
  const parsed = McpSettingsSchema.safeParse(settings);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || 'settings'}: ${issue.message}`,
    );
    throw new TypeError(`invalid MCP settings: ${problems.join('; ')}`);
  }
  const { writes, allow, approvalTtlHours, locale, timeZone } = parsed.data;
  for (const entry of allow ?? []) {
    if (!registry.actions.some((action) => allowEntryMatches(entry, action.id))) {
      throw new TypeError(`MCP allow-list entry "${entry}" matches no action of the registry`);
    }
  }
  const zone = timeZone ?? 'UTC';
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
  } catch {
    throw new TypeError(`MCP time zone "${zone}" is not an IANA time zone`);
  }
  return Object.freeze({
    writes,
    allow: allow ? Object.freeze([...allow]) : null,
    approvalTtlMs: Math.round((approvalTtlHours ?? DEFAULT_TTL_HOURS) * 3_600_000),
    locale: locale ?? 'en',
    timeZone: zone,
  });
}

function allowEntryMatches(entry: string, actionId: string): boolean {
  return entry.endsWith('*') ? actionId.startsWith(entry.slice(0, -1)) : entry === actionId;
}

/**
 * Why a write tool may not run at all, or null when it may (in the configured mode).
 *
 * @example
 * import { registry } from '../connectors/registry.ts';
 * import { resolveMcpSettings, writeRefusal } from './mcp-settings.ts';
 * const settings = resolveMcpSettings({ writes: 'off' }, registry);
 * writeRefusal(settings, registry.action('hotmart_refund_sale')!); // 'writes_disabled'
 */
export function writeRefusal(
  settings: ResolvedMcpSettings,
  action: AnyAction,
): 'writes_disabled' | 'not_allowed' | null {
  if (action.effect !== 'write') return null;
  if (settings.writes === 'off') return 'writes_disabled';
  if (settings.allow && !settings.allow.some((entry) => allowEntryMatches(entry, action.id))) {
    return 'not_allowed';
  }
  return null;
}
