/**
 * client-output-buffer-limit (Redis's checkClientOutputBufferLimits): a client whose unsent
 * replies reach its class's hard limit is disconnected at once; one that stays at or above the
 * soft limit for longer than the soft seconds is disconnected too. A limit of 0 is no limit.
 * Classes are Redis's: `pubsub` for a client with subscriptions (CLIENT_PUBSUB), else `normal`
 * (monitors included, as in Redis).
 */
import type { Config } from '../engine/config.js';

export interface ClassLimit {
  hard: number;
  soft: number;
  softSeconds: number;
}

export interface OutputLimits {
  normal: ClassLimit;
  pubsub: ClassLimit;
}

const NONE: ClassLimit = { hard: 0, soft: 0, softSeconds: 0 };

let lastText = '';
let lastLimits: OutputLimits = { normal: NONE, pubsub: NONE };

/** The configured limits, parsed again only when CONFIG SET changed the text. */
export function outputLimits(config: Config): OutputLimits {
  const text = config.get('client-output-buffer-limit') ?? '';
  if (text === lastText) return lastLimits;
  const parts = text.split(' ');
  const limits: OutputLimits = { normal: NONE, pubsub: NONE };
  for (let i = 0; i + 3 < parts.length; i += 4) {
    const limit = { hard: Number(parts[i + 1]), soft: Number(parts[i + 2]), softSeconds: Number(parts[i + 3]) };
    if (parts[i] === 'normal') limits.normal = limit;
    else if (parts[i] === 'pubsub') limits.pubsub = limit;
  }
  lastText = text;
  lastLimits = limits;
  return limits;
}

/**
 * Whether a client using `used` bytes of output buffer must go. `softSince` is when it first
 * reached the soft limit (0: not reached); the returned `softSince` is its new value.
 */
export function outputLimitReached(limit: ClassLimit, used: number, softSince: number, now: number): { close: boolean; softSince: number } {
  if (limit.hard !== 0 && used >= limit.hard) return { close: true, softSince };
  if (limit.soft !== 0 && used >= limit.soft) {
    if (softSince === 0) return { close: false, softSince: now };
    // Redis compares whole seconds of server.unixtime: elapsed <= seconds is still allowed.
    return { close: Math.floor((now - softSince) / 1000) > limit.softSeconds, softSince };
  }
  return { close: false, softSince: 0 };
}
