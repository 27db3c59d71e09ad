/**
 * Keyspace notification classes (Redis's NOTIFY_* bits) and the flag letters of
 * `notify-keyspace-events`. Handlers announce every change with `engine.notify(class, event, key, db)`.
 */
export const enum Notify {
  Keyspace = 1 << 0, // K
  Keyevent = 1 << 1, // E
  Generic = 1 << 2, // g
  String = 1 << 3, // $
  List = 1 << 4, // l
  Set = 1 << 5, // s
  Hash = 1 << 6, // h
  Zset = 1 << 7, // z
  Expired = 1 << 8, // x
  Evicted = 1 << 9, // e
  Stream = 1 << 10, // t
  KeyMiss = 1 << 11, // m
  Loaded = 1 << 12, // module only
  Module = 1 << 13, // d
  New = 1 << 14, // n
}

/** 'A' is an alias for "g$lshzxetd". */
const ALL = Notify.Generic | Notify.String | Notify.List | Notify.Set | Notify.Hash | Notify.Zset |
  Notify.Expired | Notify.Evicted | Notify.Stream | Notify.Module;

const LETTERS: [string, number][] = [
  ['A', ALL], ['g', Notify.Generic], ['$', Notify.String], ['l', Notify.List], ['s', Notify.Set],
  ['h', Notify.Hash], ['z', Notify.Zset], ['x', Notify.Expired], ['e', Notify.Evicted],
  ['K', Notify.Keyspace], ['E', Notify.Keyevent], ['t', Notify.Stream], ['m', Notify.KeyMiss],
  ['d', Notify.Module], ['n', Notify.New],
];

/** keyspaceEventsStringToFlags: -1 for an unknown letter. */
export function parseNotifyFlags(s: string): number {
  let flags = 0;
  for (const ch of s) {
    const hit = LETTERS.find(([l]) => l === ch);
    if (!hit) return -1;
    flags |= hit[1];
  }
  return flags;
}

/** keyspaceEventsFlagsToString, in Redis's order. */
export function formatNotifyFlags(flags: number): string {
  let s = '';
  if ((flags & ALL) === ALL) s += 'A';
  else {
    if (flags & Notify.Generic) s += 'g';
    if (flags & Notify.String) s += '$';
    if (flags & Notify.List) s += 'l';
    if (flags & Notify.Set) s += 's';
    if (flags & Notify.Hash) s += 'h';
    if (flags & Notify.Zset) s += 'z';
    if (flags & Notify.Expired) s += 'x';
    if (flags & Notify.Evicted) s += 'e';
    if (flags & Notify.Stream) s += 't';
    if (flags & Notify.Module) s += 'd';
    // Inside the else, as in Redis 7.0: with 'A' the 'n' class is not printed.
    if (flags & Notify.New) s += 'n';
  }
  if (flags & Notify.Keyspace) s += 'K';
  if (flags & Notify.Keyevent) s += 'E';
  if (flags & Notify.KeyMiss) s += 'm';
  return s;
}
