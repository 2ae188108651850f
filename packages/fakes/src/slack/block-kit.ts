// Block Kit limits from the block reference (https://docs.slack.dev/reference/block-kit/blocks): at most 50 blocks
// a message, 3000 characters of section text, 150 of header text, 10 section fields, 10 context elements,
// 25 action elements, 255 characters of block_id.
const MAX_BLOCKS = 50;
const KNOWN_TYPES = new Set([
  'actions',
  'context',
  'divider',
  'file',
  'header',
  'image',
  'input',
  'markdown',
  'rich_text',
  'section',
  'video',
]);

/**
 * Why a `blocks` argument was refused: `invalid_blocks_format` when it is not a JSON array at all,
 * `invalid_blocks` with one message per problem (each ending in Slack's `[json-pointer:/blocks/…]`) otherwise.
 *
 * @example
 * const refusal: BlocksRefusal = { error: 'invalid_blocks', errors: ['must provide a string [json-pointer:/blocks/0/text/text]'] };
 */
export interface BlocksRefusal {
  error: 'invalid_blocks' | 'invalid_blocks_format';
  errors: string[];
}

/**
 * Parses and checks the `blocks` argument of `chat.postMessage` (a JSON array, or its text in a form body). Answers
 * the blocks, or the refusal Slack would give.
 *
 * @example
 * checkBlocks([{ type: 'section', text: { type: 'mrkdwn', text: '*New sale*' } }]); // { blocks: [...] }
 * checkBlocks([{ type: 'section' }]); // { error: 'invalid_blocks', errors: [...] }
 */
export function checkBlocks(input: unknown): { blocks: Record<string, unknown>[] } | BlocksRefusal {
  let value = input;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return {
        error: 'invalid_blocks_format',
        errors: ['blocks must be a JSON array [json-pointer:/blocks]'],
      };
    }
  }
  if (!Array.isArray(value)) {
    return { error: 'invalid_blocks_format', errors: ['must provide an array [json-pointer:/blocks]'] };
  }
  const errors: string[] = [];
  if (value.length > MAX_BLOCKS)
    errors.push(`no more than ${MAX_BLOCKS} items allowed [json-pointer:/blocks]`);
  const ids = new Set<string>();
  value.forEach((block, i) => {
    checkBlock(block, `/blocks/${i}`, errors, ids);
  });
  return errors.length > 0
    ? { error: 'invalid_blocks', errors }
    : { blocks: value as Record<string, unknown>[] };
}

function checkBlock(block: unknown, at: string, errors: string[], ids: Set<string>): void {
  if (block === null || typeof block !== 'object' || Array.isArray(block)) {
    errors.push(`must provide an object [json-pointer:${at}]`);
    return;
  }
  const b = block as Record<string, unknown>;
  if (typeof b['type'] !== 'string') {
    errors.push(`must provide a string [json-pointer:${at}/type]`);
    return;
  }
  if (!KNOWN_TYPES.has(b['type'])) {
    errors.push(`unsupported type: ${b['type']} [json-pointer:${at}/type]`);
    return;
  }
  const blockId = b['block_id'];
  if (blockId !== undefined) {
    if (typeof blockId !== 'string' || blockId.length === 0 || blockId.length > 255) {
      errors.push(`must be a string of 1 to 255 characters [json-pointer:${at}/block_id]`);
    } else if (ids.has(blockId)) {
      errors.push(`duplicate block_id: ${blockId} [json-pointer:${at}/block_id]`);
    } else {
      ids.add(blockId);
    }
  }
  switch (b['type']) {
    case 'section': {
      if (b['text'] === undefined && b['fields'] === undefined) {
        errors.push(`must provide either text or fields [json-pointer:${at}]`);
      }
      if (b['text'] !== undefined) checkText(b['text'], `${at}/text`, errors, { max: 3000 });
      if (b['fields'] !== undefined)
        checkList(b['fields'], `${at}/fields`, errors, 10, (f, p) => checkText(f, p, errors, { max: 2000 }));
      break;
    }
    case 'header':
      checkText(b['text'], `${at}/text`, errors, { max: 150, plainOnly: true });
      break;
    case 'context':
      checkList(b['elements'], `${at}/elements`, errors, 10, (e, p) => {
        const type = (e as { type?: unknown } | null)?.type;
        if (type === 'image') checkImage(e, p, errors);
        else checkText(e, p, errors, { max: 3000 });
      });
      break;
    case 'actions':
      checkList(b['elements'], `${at}/elements`, errors, 25, (e, p) => {
        if (typeof (e as { type?: unknown } | null)?.type !== 'string')
          errors.push(`must provide a string [json-pointer:${p}/type]`);
      });
      break;
    case 'image':
      checkImage(b, at, errors);
      break;
    case 'markdown':
      if (typeof b['text'] !== 'string' || b['text'].length === 0 || b['text'].length > 12_000) {
        errors.push(`must provide a string of 1 to 12000 characters [json-pointer:${at}/text]`);
      }
      break;
    default:
      break;
  }
}

function checkText(
  value: unknown,
  at: string,
  errors: string[],
  options: { max: number; plainOnly?: boolean },
): void {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    errors.push(`must provide an object [json-pointer:${at}]`);
    return;
  }
  const { type, text } = value as { type?: unknown; text?: unknown };
  const allowed = options.plainOnly ? ['plain_text'] : ['plain_text', 'mrkdwn'];
  if (typeof type !== 'string' || !allowed.includes(type)) {
    errors.push(`must be one of ${allowed.join(', ')} [json-pointer:${at}/type]`);
  }
  if (typeof text !== 'string') errors.push(`must provide a string [json-pointer:${at}/text]`);
  else if (text.length === 0) errors.push(`must be more than 0 characters [json-pointer:${at}/text]`);
  else if (text.length > options.max)
    errors.push(`must be less than ${options.max + 1} characters [json-pointer:${at}/text]`);
}

function checkImage(value: unknown, at: string, errors: string[]): void {
  const image = (value ?? {}) as { image_url?: unknown; alt_text?: unknown };
  if (typeof image.image_url !== 'string' || image.image_url === '') {
    errors.push(`must provide a string [json-pointer:${at}/image_url]`);
  }
  if (typeof image.alt_text !== 'string' || image.alt_text === '') {
    errors.push(`must provide a string [json-pointer:${at}/alt_text]`);
  }
}

function checkList(
  value: unknown,
  at: string,
  errors: string[],
  max: number,
  each: (item: unknown, at: string) => void,
): void {
  if (!Array.isArray(value) || value.length === 0) {
    errors.push(`must provide a non-empty array [json-pointer:${at}]`);
    return;
  }
  if (value.length > max) errors.push(`no more than ${max} items allowed [json-pointer:${at}]`);
  value.forEach((item, i) => {
    each(item, `${at}/${i}`);
  });
}
