/** Looking up sorted sets and emitting members with scores in Redis's reply shapes. */
import { CommandError, WRONGTYPE } from '../errors.js';
import type { Session } from '../engine/session.js';
import { ZSet } from '../engine/types/zset.js';
import { DoubleReply, type Reply } from '../reply.js';
import { Notify } from '../engine/notify.js';

/** lookupKeyRead + checkType(OBJ_ZSET). */
export function readZset(c: Session, key: string): ZSet | undefined {
  const e = c.db.lookupRead(key);
  if (e === undefined) return undefined;
  if (!(e.value instanceof ZSet)) throw new CommandError(WRONGTYPE);
  return e.value;
}

/** lookupKeyWrite + checkType(OBJ_ZSET). */
export function writeZset(c: Session, key: string): ZSet | undefined {
  const e = c.db.lookupWrite(key);
  if (e === undefined) return undefined;
  if (!(e.value instanceof ZSet)) throw new CommandError(WRONGTYPE);
  return e.value;
}

/**
 * Collects members (and scores) into a reply: RESP2 flat `member, score, ...`; RESP3 with scores
 * an array of [member, score] pairs, as zrangeResultEmitCBufferToClient does.
 */
export class MemberReply {
  readonly items: Reply[] = [];
  constructor(
    private readonly withScores: boolean,
    private readonly resp3: boolean,
  ) {}
  emit(ele: string, score: number): void {
    if (!this.withScores) this.items.push(ele);
    else if (this.resp3) this.items.push([ele, new DoubleReply(score)]);
    else this.items.push(ele, new DoubleReply(score));
  }
}

/**
 * zsetConvertToListpackIfNeeded for a value ZUNIONSTORE/ZINTERSTORE/ZDIFFSTORE built as a
 * skiplist (ZRANGESTORE builds a listpack that converts as it grows, like ZADD).
 */
export function storedEncoding(z: ZSet, c: Session): void {
  const t = c.engine.config.thresholds;
  let longest = 0;
  if (z.size <= t.zsetMaxListpackEntries) for (const ele of z.dict.keys()) longest = Math.max(longest, ele.length);
  if (z.size <= t.zsetMaxListpackEntries && longest <= t.zsetMaxListpackValue) z.toListpack();
  else z.listpack = false;
}

/** Stores a computed zset under dst (or deletes dst when it is empty), as the *STORE commands do. */
export function storeResult(c: Session, dstKey: string, dst: ZSet, event: string): Reply {
  if (dst.size > 0) {
    if (!dst.listpack) storedEncoding(dst, c);
    c.db.setKey(dstKey, dst);
    c.engine.notify(Notify.Zset, event, dstKey, c.db.id);
    return dst.size;
  }
  if (c.db.delete(dstKey)) c.engine.notify(Notify.Generic, 'del', dstKey, c.db.id);
  return 0;
}

