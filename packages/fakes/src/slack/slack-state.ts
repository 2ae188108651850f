import type { Clock } from '../internal/fake-host.ts';

/**
 * A conversation the fake workspace has. The bot can post only where it is a member and the channel is not
 * archived, as in Slack.
 *
 * @example
 * const channel: SlackChannel = { id: 'C0FAKE00001', name: 'sales', isMember: true, isArchived: false };
 */
export interface SlackChannel {
  id: string;
  name: string;
  isMember: boolean;
  isArchived: boolean;
  isPrivate?: boolean;
}

/**
 * A message the bot posted, as Slack echoes it in `chat.postMessage`'s `message`.
 *
 * @example
 * const [last] = fake.state.messages('sales').slice(-1);
 */
export interface SlackMessage {
  type: 'message';
  channel: string;
  ts: string;
  text: string;
  user: string;
  bot_id: string;
  app_id: string;
  team: string;
  blocks?: Record<string, unknown>[];
  attachments?: unknown[];
  thread_ts?: string;
}

/**
 * What the Slack fake starts with: channels (by name, or full descriptions) and the workspace's name.
 *
 * @example
 * const seed: SlackSeed = { channels: ['sales', { name: 'old', isArchived: true }] };
 */
export interface SlackSeed {
  channels?: (string | (Partial<SlackChannel> & { name: string }))[];
  teamName?: string;
}

/**
 * The ids of the fake workspace and its bot, as `auth.test` reports them.
 *
 * @example
 * const identity: SlackIdentity = SLACK_IDENTITY;
 */
export interface SlackIdentity {
  teamId: string;
  userId: string;
  botId: string;
  appId: string;
  botName: string;
}

/**
 * The workspace and bot identity of every Slack fake.
 *
 * @example
 * SLACK_IDENTITY.botId; // 'B0FAKEBOT01'
 */
export const SLACK_IDENTITY: SlackIdentity = {
  teamId: 'T0FAKETEAM1',
  userId: 'U0FAKEBOT01',
  botId: 'B0FAKEBOT01',
  appId: 'A0FAKEAPP01',
  botName: 'hotpilot',
};

/**
 * The in-memory workspace of the Slack fake: channels and the messages posted to each.
 *
 * @example
 * const workspace = new SlackState({ channels: ['sales'] }, () => new Date());
 * workspace.channel('#sales')?.id; // 'C0FAKE00001'
 */
export class SlackState {
  readonly #seed: SlackSeed;
  readonly #now: Clock;
  #channels: SlackChannel[] = [];
  #messages: SlackMessage[] = [];
  #sequence = 0;

  constructor(seed: SlackSeed, now: Clock) {
    this.#seed = seed;
    this.#now = now;
    this.reset();
  }

  reset(): void {
    this.#channels = [];
    this.#messages = [];
    this.#sequence = 0;
    for (const channel of this.#seed.channels ?? ['general']) this.addChannel(channel);
  }

  get teamName(): string {
    return this.#seed.teamName ?? 'Hotpilot Fake';
  }

  /** Adds a channel (the bot is a member unless told otherwise); answers it. */
  addChannel(input: string | (Partial<SlackChannel> & { name: string })): SlackChannel {
    const spec = typeof input === 'string' ? { name: input } : input;
    const name = spec.name.replace(/^#/, '');
    if (this.channel(name)) throw new TypeError(`channel ${name} already exists`);
    const channel: SlackChannel = {
      id: spec.id ?? `C0FAKE${String(this.#channels.length + 1).padStart(5, '0')}`,
      name,
      isMember: spec.isMember ?? true,
      isArchived: spec.isArchived ?? false,
      isPrivate: spec.isPrivate ?? false,
    };
    this.#channels.push(channel);
    return channel;
  }

  channels(): SlackChannel[] {
    return structuredClone(this.#channels);
  }

  /** The channel a `channel` argument names: an id, a name, or `#name`. */
  channel(ref: string): SlackChannel | undefined {
    const name = ref.replace(/^#/, '');
    return this.#channels.find((c) => c.id === ref || c.name === name);
  }

  /** Records a message and gives it a `ts` unique in the workspace and increasing, like Slack's. */
  post(message: Omit<SlackMessage, 'ts' | 'type' | 'user' | 'bot_id' | 'app_id' | 'team'>): SlackMessage {
    const seconds = Math.floor(this.#now().getTime() / 1000);
    this.#sequence++;
    const stored: SlackMessage = {
      type: 'message',
      ts: `${seconds}.${String(this.#sequence % 1_000_000).padStart(6, '0')}`,
      user: SLACK_IDENTITY.userId,
      bot_id: SLACK_IDENTITY.botId,
      app_id: SLACK_IDENTITY.appId,
      team: SLACK_IDENTITY.teamId,
      ...message,
    };
    this.#messages.push(stored);
    return stored;
  }

  /** Messages posted, oldest first; only those of one channel (id, name or `#name`) when one is given. */
  messages(channel?: string): SlackMessage[] {
    if (channel === undefined) return structuredClone(this.#messages);
    const target = this.channel(channel);
    return target ? structuredClone(this.#messages.filter((m) => m.channel === target.id)) : [];
  }

  /** A JSON view for `GET /_fake/state`: channels, each with its messages. */
  snapshot(): Record<string, unknown> {
    return {
      team: { id: SLACK_IDENTITY.teamId, name: this.teamName },
      channels: this.#channels.map((c) => ({
        ...c,
        messages: this.#messages.filter((m) => m.channel === c.id),
      })),
    };
  }
}
