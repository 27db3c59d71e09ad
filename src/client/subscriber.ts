/**
 * The client's pub/sub half, as ioredis 5 does it (lib/DataHandler.ts, lib/SubscriptionSet.ts):
 * the subscription set that makes a connection a subscriber, the counts the SUBSCRIBE family
 * resolves, and the message events.
 */
import type { EventEmitter } from 'node:events';
import { type Bytes, toUtf8 } from '../bytes.js';
import { type MultiReply, PushReply, type Reply } from '../reply.js';

/** Plain Error text when a subscriber sends anything else (ioredis's sendCommand). */
export const SUBSCRIBER_MODE = 'Connection in subscriber mode, only subscriber commands may be used';

type SetName = 'subscribe' | 'psubscribe' | 'ssubscribe';

/** ioredis's SubscriptionSet: the channels a subscriber has, by kind, as utf8 strings. */
export class SubscriptionSet {
  private readonly set: Record<SetName, Record<string, true>> = { subscribe: {}, psubscribe: {}, ssubscribe: {} };

  add(kind: string, channel: string): void {
    this.set[setOf(kind)][channel] = true;
  }

  del(kind: string, channel: string): void {
    delete this.set[setOf(kind)][channel];
  }

  channels(kind: string): string[] {
    return Object.keys(this.set[setOf(kind)]);
  }

  isEmpty(): boolean {
    return this.channels('subscribe').length === 0 && this.channels('psubscribe').length === 0 && this.channels('ssubscribe').length === 0;
  }
}

function setOf(kind: string): SetName {
  if (kind === 'unsubscribe') return 'subscribe';
  if (kind === 'punsubscribe') return 'psubscribe';
  if (kind === 'sunsubscribe') return 'ssubscribe';
  return kind as SetName;
}

/** The part of a connection the subscribe replies update. */
export interface SubscriberCondition {
  subscriber: SubscriptionSet | false;
}

/**
 * Reads a SUBSCRIBE-family answer (one push per channel) as ioredis's DataHandler reads the
 * replies one by one: subscribe replies add to the set (making the connection a subscriber),
 * unsubscribe replies remove, and a count of 0 ends subscriber mode. Returns what the command
 * resolves: the count of the last reply. (With no arguments, ioredis resolves unsubscribe() only
 * once a count reaches 0 and otherwise hangs; here it resolves the last count.)
 */
export function readSubscriptionReplies(condition: SubscriberCondition, answer: MultiReply): Reply {
  let count: Reply = 0;
  for (const reply of answer.replies) {
    // An error (SSUBSCRIBE refused inside EXEC) is not a subscription reply.
    if (!(reply instanceof PushReply)) return reply;
    const [kind, channel, n] = reply.items as [string, Bytes | null, number];
    count = n;
    if (kind === 'subscribe' || kind === 'psubscribe' || kind === 'ssubscribe') {
      if (!condition.subscriber) condition.subscriber = new SubscriptionSet();
      condition.subscriber.add(kind, toUtf8(channel!));
    } else if (condition.subscriber) {
      if (channel !== null) condition.subscriber.del(kind, toUtf8(channel));
      if (n === 0) condition.subscriber = false;
    }
  }
  return count;
}

/**
 * Emits a message as ioredis's handleSubscriberReply: the string event only when it has a
 * listener, the Buffer event always (pattern as a string, channel and message as Buffers).
 */
export function emitMessage(client: EventEmitter, push: PushReply): void {
  const items = push.items as Bytes[];
  const kind = items[0];
  if (kind === 'message' || kind === 'smessage') {
    const channel = items[1]!;
    const message = items[2]!;
    if (client.listenerCount(kind) > 0) {
      const text = (push.utf8 ??= [toUtf8(channel), toUtf8(message)]);
      client.emit(kind, text[0], text[1]);
    }
    const bufferEvent = kind === 'message' ? 'messageBuffer' : 'smessageBuffer';
    // Building Buffers nobody receives is the only cost a listener-less emit would have. Each
    // receiver gets Buffers of its own: a Buffer is mutable.
    if (client.listenerCount(bufferEvent) > 0) client.emit(bufferEvent, Buffer.from(channel, 'latin1'), Buffer.from(message, 'latin1'));
  } else if (kind === 'pmessage') {
    const channel = items[2]!;
    const message = items[3]!;
    const text = (push.utf8 ??= [toUtf8(items[1]!), toUtf8(channel), toUtf8(message)]);
    if (client.listenerCount('pmessage') > 0) client.emit('pmessage', text[0], text[1], text[2]);
    if (client.listenerCount('pmessageBuffer') > 0) client.emit('pmessageBuffer', text[0], Buffer.from(channel, 'latin1'), Buffer.from(message, 'latin1'));
  }
}
