/**
 * The LFU access counter behind OBJECT FREQ (Redis's evict.c): a logarithmic 8-bit counter that
 * starts at 5, grows with probability 1/((counter-5)*lfu-log-factor+1) per access, and loses one
 * per `lfu-decay-time` minutes without access. Kept only while an LFU maxmemory-policy is set,
 * as Redis does (the same bits hold the LRU clock otherwise).
 */
import type { Config } from './config.js';
import type { Entry } from './values.js';

const LFU_INIT_VAL = 5;

let lastPolicy = 'noeviction';
let lastIsLfu = false;

/** Asked on every key access, so the answer for the current policy string is remembered. */
export function isLfuPolicy(config: Config): boolean {
  const policy = config.maxmemoryPolicy;
  if (policy !== lastPolicy) {
    lastPolicy = policy;
    lastIsLfu = policy.endsWith('lfu');
  }
  return lastIsLfu;
}

/** LFUGetTimeInMinutes: 16 bits of minutes. */
function minutes(nowMs: number): number {
  return Math.floor(nowMs / 60000) & 0xffff;
}

/** The counter of a key created now (createObject under an LFU policy). */
export function lfuInitial(nowMs: number): number {
  return minutes(nowMs) * 256 + LFU_INIT_VAL;
}

/** LFUDecrAndReturn: the counter after the decay owed since its last update. */
export function lfuCounter(e: Entry, config: Config, nowMs: number): number {
  const ldt = Math.floor(e.lfu / 256);
  const counter = e.lfu & 0xff;
  const decay = Number(config.get('lfu-decay-time') ?? '1');
  if (decay <= 0) return counter;
  const now = minutes(nowMs);
  const elapsed = now >= ldt ? now - ldt : 65535 - ldt + now;
  const periods = Math.floor(elapsed / decay);
  return periods > counter ? 0 : counter - periods;
}

/** updateLFU: an access decays the counter, then maybe increments it. */
export function lfuTouch(e: Entry, config: Config, nowMs: number): void {
  let counter = lfuCounter(e, config, nowMs);
  if (counter < 255) {
    const base = Math.max(0, counter - LFU_INIT_VAL);
    const factor = Number(config.get('lfu-log-factor') ?? '10');
    if (Math.random() < 1 / (base * factor + 1)) counter++;
  }
  e.lfu = minutes(nowMs) * 256 + counter;
}
