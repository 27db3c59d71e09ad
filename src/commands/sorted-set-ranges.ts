/**
 * Range arguments of the sorted set commands, parsed as t_zset.c parses them: score bounds with
 * zslParseRange (raw strtod: leading space, hex, overflow to inf and an empty text are accepted,
 * NaN is not, and the text may stop at a NUL), lex bounds with zslParseLexRangeItem.
 */
import { CommandError } from '../errors.js';
import { LEX_RANGE_INVALID, SCORE_RANGE_INVALID } from '../errors.js';
import type { LexRange, ScoreRange } from '../engine/types/skiplist.js';

const STRTOD =
  /^[+-]?(?:inf(?:inity)?|nan(?:\([0-9A-Za-z_]*\))?|0x(?:[0-9a-f]+\.?[0-9a-f]*|\.[0-9a-f]+)(?:p[+-]?\d+)?|(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)/i;

function hexValue(t: string): number {
  const m = /^([+-]?)0x([0-9a-f]*)(?:\.([0-9a-f]*))?(?:p([+-]?\d+))?$/i.exec(t)!;
  const frac = m[3] ?? '';
  let v = 0;
  for (const ch of m[2]! + frac) v = v * 16 + parseInt(ch, 16);
  v /= Math.pow(16, frac.length);
  if (m[4]) v *= Math.pow(2, Number(m[4]));
  return m[1] === '-' ? -v : v;
}

/** C's strtod on a NUL-terminated text: the value and where parsing stopped. */
export function strtod(s: string): { value: number; end: number } {
  let i = 0;
  while (i < s.length && ' \t\n\v\f\r'.includes(s[i]!)) i++;
  const m = STRTOD.exec(s.slice(i));
  if (m === null) return { value: 0, end: 0 };
  const t = m[0];
  const body = t.replace(/^[+-]/, '').toLowerCase();
  let value: number;
  if (body.startsWith('inf')) value = Infinity;
  else if (body.startsWith('nan')) value = NaN;
  else if (body.startsWith('0x')) value = hexValue(t);
  else value = Number(t.replace(/^\+/, ''));
  if (t[0] === '-' && !body.startsWith('0x')) value = body.startsWith('inf') ? -Infinity : value;
  return { value, end: i + t.length };
}

function scoreBound(s: string): [number, boolean] | undefined {
  const ex = s[0] === '(';
  const text = ex ? s.slice(1) : s;
  const { value, end } = strtod(text);
  if ((end !== text.length && text.charCodeAt(end) !== 0) || Number.isNaN(value)) return undefined;
  return [value, ex];
}

/** zslParseRange, throwing Redis's `min or max is not a float`. */
export function parseScoreRange(min: string, max: string): ScoreRange {
  const lo = scoreBound(min);
  const hi = lo && scoreBound(max);
  if (!lo || !hi) throw new CommandError(SCORE_RANGE_INVALID);
  return { min: lo[0], minex: lo[1], max: hi[0], maxex: hi[1] };
}

function lexBound(s: string): [string, number, boolean] | undefined {
  const c = s.charCodeAt(0);
  const alone = s.length === 1 || s.charCodeAt(1) === 0;
  if (c === 0x2b) return alone ? ['', 1, true] : undefined; // '+'
  if (c === 0x2d) return alone ? ['', -1, true] : undefined; // '-'
  if (c === 0x28) return [s.slice(1), 0, true]; // '('
  if (c === 0x5b) return [s.slice(1), 0, false]; // '['
  return undefined;
}

/** zslParseLexRange, throwing Redis's `min or max not valid string range item`. */
export function parseLexRange(min: string, max: string): LexRange {
  const lo = lexBound(min);
  const hi = lo && lexBound(max);
  if (!lo || !hi) throw new CommandError(LEX_RANGE_INVALID);
  return { min: lo[0], minKind: lo[1], minex: lo[2], max: hi[0], maxKind: hi[1], maxex: hi[2] };
}
