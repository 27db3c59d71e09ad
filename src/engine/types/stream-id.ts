/**
 * Stream entry IDs (t_stream.c streamID): two unsigned 64-bit numbers, `ms-seq`. Kept as bigints
 * so every ID Redis accepts (up to 18446744073709551615-18446744073709551615) is exact; IDs are
 * ordered by ms, then seq.
 */
import type { Bytes } from '../../bytes.js';

export interface StreamId {
  readonly ms: bigint;
  readonly seq: bigint;
  /** The reply form, cached by formatId: an entry's ID is formatted on every read of it. */
  text?: Bytes;
}

export const UINT64_MAX = 0xffff_ffff_ffff_ffffn;

export const MIN_ID: StreamId = { ms: 0n, seq: 0n };
export const MAX_ID: StreamId = { ms: UINT64_MAX, seq: UINT64_MAX };

export function streamId(ms: bigint, seq: bigint): StreamId {
  return { ms, seq };
}

/** streamCompareID: negative, zero or positive as a is before, equal to or after b. */
export function compareIds(a: StreamId, b: StreamId): number {
  if (a.ms !== b.ms) return a.ms < b.ms ? -1 : 1;
  if (a.seq !== b.seq) return a.seq < b.seq ? -1 : 1;
  return 0;
}

export function idEquals(a: StreamId, b: StreamId): boolean {
  return a.ms === b.ms && a.seq === b.seq;
}

export function isZeroId(id: StreamId): boolean {
  return id.ms === 0n && id.seq === 0n;
}

/** The reply form, `ms-seq` (bigint to decimal is dear: computed once per ID object). */
export function formatId(id: StreamId): Bytes {
  return (id.text ??= `${id.ms}-${id.seq}`);
}

/** streamIncrID: the next ID, or undefined past the last possible one. */
export function nextId(id: StreamId): StreamId | undefined {
  if (id.seq !== UINT64_MAX) return { ms: id.ms, seq: id.seq + 1n };
  if (id.ms !== UINT64_MAX) return { ms: id.ms + 1n, seq: 0n };
  return undefined;
}

/** streamDecrID: the previous ID, or undefined before 0-0. */
export function previousId(id: StreamId): StreamId | undefined {
  if (id.seq !== 0n) return { ms: id.ms, seq: id.seq - 1n };
  if (id.ms !== 0n) return { ms: id.ms - 1n, seq: UINT64_MAX };
  return undefined;
}
