/**
 * The pub/sub hub (Redis 7.0's pubsub.c): channels, patterns and shard channels, each mapped to the
 * sessions subscribed to it, plus each session's own view (`Subscriptions`).
 *
 * Orders follow Redis 7.0 where it has one: a channel's subscribers are a list in subscription
 * order (so is a session's pattern list). Where Redis walks a hash table (the server's patterns,
 * a session's channels on UNSUBSCRIBE with no arguments, PUBSUB CHANNELS) its order is seeded at
 * random per server, so any order is Redis's; insertion order is used here.
 *
 * Delivery is synchronous: `publish` hands each message to the subscriber's `Session.onPush` from
 * inside the publisher's command, and edges defer whatever they run next.
 */
import type { Bytes } from '../bytes.js';
import { globMatcher } from '../glob.js';
import { PushReply } from '../reply.js';
import { Notify } from './notify.js';
import type { Session } from './session.js';

/** One session's subscriptions (Redis's c->pubsub_channels, pubsub_patterns, pubsubshard_channels). */
export class Subscriptions {
  readonly channels = new Set<Bytes>();
  readonly patterns = new Set<Bytes>();
  readonly shardChannels = new Set<Bytes>();

  /** clientSubscriptionsCount: what SUBSCRIBE / PSUBSCRIBE replies count. */
  get count(): number {
    return this.channels.size + this.patterns.size;
  }

  /** clientTotalPubSubSubscriptionCount: the CLIENT_PUBSUB flag stays while this is non-zero. */
  get total(): number {
    return this.channels.size + this.patterns.size + this.shardChannels.size;
  }
}

interface PatternSubscribers {
  readonly match: (channel: Bytes) => boolean;
  readonly sessions: Set<Session>;
}

export class PubSub {
  /** Channel -> subscribers, in subscription order. */
  readonly channels = new Map<Bytes, Set<Session>>();
  /** Pattern -> its matcher and subscribers. */
  readonly patterns = new Map<Bytes, PatternSubscribers>();
  /** Shard channel -> subscribers (SSUBSCRIBE; shard messages never reach patterns). */
  readonly shardChannels = new Map<Bytes, Set<Session>>();

  /** pubsubSubscribeChannel: true when the session was not subscribed yet. */
  subscribe(c: Session, channel: Bytes, shard: boolean): boolean {
    const subs = c.subscriptions();
    const own = shard ? subs.shardChannels : subs.channels;
    if (own.has(channel)) return false;
    own.add(channel);
    const table = shard ? this.shardChannels : this.channels;
    let sessions = table.get(channel);
    if (sessions === undefined) table.set(channel, (sessions = new Set()));
    sessions.add(c);
    return true;
  }

  /** pubsubUnsubscribeChannel: true when the session was subscribed. */
  unsubscribe(c: Session, channel: Bytes, shard: boolean): boolean {
    const subs = c.subscribed;
    const own = shard ? subs?.shardChannels : subs?.channels;
    if (own === undefined || !own.delete(channel)) return false;
    const table = shard ? this.shardChannels : this.channels;
    const sessions = table.get(channel)!;
    sessions.delete(c);
    // The last subscriber gone, the channel goes too (PUBSUB CHANNELS lists only live ones).
    if (sessions.size === 0) table.delete(channel);
    return true;
  }

  /** pubsubSubscribePattern. */
  psubscribe(c: Session, pattern: Bytes): boolean {
    const own = c.subscriptions().patterns;
    if (own.has(pattern)) return false;
    own.add(pattern);
    let entry = this.patterns.get(pattern);
    if (entry === undefined) this.patterns.set(pattern, (entry = { match: globMatcher(pattern), sessions: new Set() }));
    entry.sessions.add(c);
    return true;
  }

  /** pubsubUnsubscribePattern. */
  punsubscribe(c: Session, pattern: Bytes): boolean {
    if (c.subscribed === undefined || !c.subscribed.patterns.delete(pattern)) return false;
    const entry = this.patterns.get(pattern)!;
    entry.sessions.delete(c);
    if (entry.sessions.size === 0) this.patterns.delete(pattern);
    return true;
  }

  /** Drops every subscription of a session without telling it (RESET, disconnect). */
  unsubscribeAll(c: Session): void {
    const subs = c.subscribed;
    if (subs === undefined) return;
    for (const channel of [...subs.channels]) this.unsubscribe(c, channel, false);
    for (const channel of [...subs.shardChannels]) this.unsubscribe(c, channel, true);
    for (const pattern of [...subs.patterns]) this.punsubscribe(c, pattern);
  }

  /**
   * pubsubPublishMessage: channel subscribers first, then (not for shard channels) the
   * subscribers of every matching pattern. Returns the receivers as Redis counts them: a session
   * on the channel and on a matching pattern counts twice.
   */
  publish(channel: Bytes, message: Bytes, shard = false): number {
    let receivers = 0;
    const sessions = (shard ? this.shardChannels : this.channels).get(channel);
    if (sessions !== undefined) {
      // One immutable push serves every receiver.
      const push = new PushReply([shard ? 'smessage' : 'message', channel, message]);
      for (const c of sessions) {
        c.onPush?.(push);
        receivers++;
      }
    }
    if (shard || this.patterns.size === 0) return receivers;
    for (const [pattern, entry] of this.patterns) {
      if (!entry.match(channel)) continue;
      const push = new PushReply(['pmessage', pattern, channel, message]);
      for (const c of entry.sessions) {
        c.onPush?.(push);
        receivers++;
      }
    }
    return receivers;
  }

  /**
   * notifyKeyspaceEvent's publishing half: `__keyspace@<db>__:<key>` carries the event,
   * `__keyevent@<db>__:<event>` the key, each when its flag is on.
   */
  publishKeyspaceEvent(flags: number, event: string, key: Bytes, dbId: number): void {
    // Nobody listening: nothing observable to do (Redis would build and drop the messages).
    if (this.channels.size === 0 && this.patterns.size === 0) return;
    if (flags & Notify.Keyspace) this.publish(`__keyspace@${dbId}__:${key}`, event);
    if (flags & Notify.Keyevent) this.publish(`__keyevent@${dbId}__:${event}`, key);
  }
}
