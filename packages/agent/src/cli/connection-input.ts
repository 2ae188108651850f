import { UsageError } from './cli-context.ts';
import type { CliText } from './cli-messages.ts';

// The id is part of the webhook URL Hotmart posts to: keep it URL-safe and short.
const ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/**
 * Checks a Hotmart connection id typed on the command line; a bad one is a `UsageError` saying what is allowed.
 *
 * @example
 * import { checkConnectionId } from './connection-input.ts';
 * checkConnectionId('store-br', cliText('en')); // ok
 * checkConnectionId('Main Store', cliText('en')); // throws UsageError
 */
export function checkConnectionId(id: string, t: CliText): void {
  if (!ID_PATTERN.test(id)) throw new UsageError(t('connections.invalidId', { id }));
}

/**
 * Checks a hottok typed on the command line (one word, at most 200 characters, as Hotmart shows it).
 *
 * @example
 * import { checkHottok } from './connection-input.ts';
 * checkHottok('Abc123', cliText('en')); // ok
 */
export function checkHottok(hottok: string, t: CliText): void {
  if (/\s/.test(hottok) || hottok.length === 0 || hottok.length > 200) {
    throw new UsageError(t('connections.badHottok'));
  }
}

/**
 * The URL Hotmart must post a connection's webhooks to (reference §6.1: Tools → Webhook → URL).
 *
 * @example
 * import { webhookUrl } from './connection-input.ts';
 * webhookUrl('https://hooks.example.com', 'main'); // 'https://hooks.example.com/webhooks/hotmart/main'
 */
export function webhookUrl(publicUrl: string | null, id: string): string {
  return `${publicUrl ?? '<HOTPILOT_PUBLIC_URL>'}/webhooks/hotmart/${encodeURIComponent(id)}`;
}
