/** Index ranges as Redis resolves them for strings (GETRANGE, BITCOUNT, BITPOS). */
import type { Int64 } from '../numbers.js';

/**
 * A start/end pair resolved against a length: negatives count from the end, then both are clamped
 * into [0, len - 1]. Returns [start, end] (start > end when the range is empty).
 */
export function clampRange(start: Int64, end: Int64, len: number): [number, number] {
  // Values past 2^53 are far outside any length, so converting them keeps every comparison.
  let from = Number(start);
  let to = Number(end);
  if (from < 0) from += len;
  if (to < 0) to += len;
  if (from < 0) from = 0;
  if (to < 0) to = 0;
  if (to >= len) to = len - 1;
  return [from, to];
}
