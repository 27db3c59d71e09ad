/**
 * Expiry machinery: lazy expiry on access, the sampled active cycle (and its timer), the manual
 * clock, `expired_keys`, and `expired` events.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { parseNotifyFlags } from '../../src/engine/notify.js';
import { Session } from '../../src/engine/session.js';

function open(options: ConstructorParameters<typeof Engine>[0] = { activeExpire: false }) {
  const engine = new Engine(options);
  const events: string[] = [];
  engine.config.notifyFlags = parseNotifyFlags('KEA');
  engine.keyspaceListener = (_type, event, key, db) => events.push(`${event} ${key}@${db}`);
  return { engine, s: new Session(engine), events };
}

/** Keys `prefix0..n-1` in db, due at `deadline` (ms since the epoch). */
function fill(engine: Engine, dbIndex: number, prefix: string, n: number, deadline: number): void {
  const db = engine.db(dbIndex);
  for (let i = 0; i < n; i++) {
    const key = `${prefix}${i}`;
    db.setExpire(key, db.add(key, 'v'), deadline);
  }
}

afterEach(() => {
  vi.useRealTimers();
});

describe('manual clock', () => {
  it('moving it makes due keys vanish at once, counted and announced', () => {
    const { engine, s, events } = open();
    const clock = engine.useManualClock(1_700_000_000_000);
    s.execute(['SET', 'a', '1', 'PX', '1000']);
    s.execute(['SET', 'b', '1', 'PX', '2000']);
    s.execute(['SELECT', '5']);
    s.execute(['SET', 'c', '1', 'PX', '1000']);
    s.execute(['SET', 'keep', '1']);
    events.length = 0;
    clock.advance(1000);
    // Due means past the deadline (keyIsExpired: now > when): at the deadline the keys live on.
    expect(engine.db(0).size + engine.db(5).size).toBe(4);
    clock.advance(1);
    expect(engine.db(0).dict.has('a')).toBe(false);
    expect(engine.db(5).dict.has('c')).toBe(false);
    expect(engine.db(0).dict.has('b')).toBe(true);
    expect(engine.stats.expiredKeys).toBe(2);
    expect(events.sort()).toEqual(['expired a@0', 'expired c@5']);
    clock.set(1_700_000_010_000);
    expect(engine.db(0).size).toBe(0);
    expect(engine.db(5).size).toBe(1);
    expect(engine.stats.expiredKeys).toBe(3);
    engine.close();
  });

  it('a renamed or moved key expires under its new name', () => {
    const { engine, s, events } = open();
    const clock = engine.useManualClock(1_000_000);
    s.execute(['SET', 'a', '1', 'PX', '100']);
    s.execute(['RENAME', 'a', 'b']);
    s.execute(['SET', 'm', '1', 'PX', '100']);
    s.execute(['MOVE', 'm', '3']);
    events.length = 0;
    clock.advance(101);
    expect(events.sort()).toEqual(['expired b@0', 'expired m@3']);
    expect(engine.db(0).volatile.size + engine.db(3).volatile.size).toBe(0);
    engine.close();
  });
});

describe('lazy expiry', () => {
  it('a due key stays stored until something touches it', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(1_700_000_000_000);
    const { engine, s, events } = open();
    s.execute(['SET', 'k', 'v', 'PX', '100']);
    s.execute(['SET', 'other', 'v', 'PX', '100']);
    vi.setSystemTime(1_700_000_000_101);
    expect(engine.db(0).dict.has('k')).toBe(true);
    expect(s.execute(['DBSIZE'])).toBe(2);
    events.length = 0;
    expect(s.execute(['GET', 'k'])).toBe(null);
    expect(engine.db(0).dict.has('k')).toBe(false);
    expect(engine.db(0).volatile.has('k')).toBe(false);
    expect(engine.stats.expiredKeys).toBe(1);
    expect(events).toEqual(['expired k@0']);
    // KEYS hides due keys without deleting them (keyIsExpired); SCAN deletes them.
    expect(s.execute(['KEYS', '*'])).toEqual([]);
    expect(engine.db(0).dict.has('other')).toBe(true);
    expect(s.execute(['SCAN', '0'])).toEqual(['0', []]);
    expect(engine.db(0).dict.has('other')).toBe(false);
    expect(engine.stats.expiredKeys).toBe(2);
    engine.close();
  });
});

describe('active expire cycle', () => {
  it('deletes due keys nobody touches, and leaves the rest', () => {
    const { engine, events } = open();
    const now = Date.now();
    // Interleaved due and live keys, so sampling sees both.
    const db = engine.db(0);
    for (let i = 0; i < 1000; i++) {
      db.setExpire(`due${i}`, db.add(`due${i}`, 'v'), now - 1);
      db.setExpire(`live${i}`, db.add(`live${i}`, 'v'), now + 3_600_000);
      db.add(`plain${i}`, 'v');
    }
    for (let run = 0; run < 200 && [...db.dict.keys()].some((k) => k.startsWith('due')); run++) {
      engine.runActiveExpireCycle();
    }
    expect([...db.dict.keys()].filter((k) => k.startsWith('due'))).toEqual([]);
    expect(db.size).toBe(2000);
    expect(db.volatile.size).toBe(1000);
    expect(engine.stats.expiredKeys).toBe(1000);
    expect(events.filter((e) => e.startsWith('expired'))).toHaveLength(1000);
    engine.close();
  });

  it('counts lazy and active expiries alike', () => {
    const { engine, s } = open();
    const now = Date.now();
    fill(engine, 0, 'k', 10, now - 1);
    s.execute(['GET', 'k0']);
    s.execute(['EXISTS', 'k1']);
    expect(engine.stats.expiredKeys).toBe(2);
    engine.runActiveExpireCycle();
    expect(engine.stats.expiredKeys).toBe(10);
    expect(engine.db(0).size).toBe(0);
    engine.close();
  });

  it('stops within its time budget and resumes; the next run starts at the next database', () => {
    const { engine, s } = open();
    s.execute(['CONFIG', 'SET', 'hz', '500']);
    fill(engine, 0, 'big', 100_000, 1);
    fill(engine, 1, 'small', 10, 1);
    engine.runActiveExpireCycle();
    expect(engine.stats.expiredTimeCapReached).toBe(1);
    expect(engine.db(0).size).toBeGreaterThan(0);
    expect(engine.db(1).size).toBe(10);
    engine.runActiveExpireCycle();
    expect(engine.db(1).size).toBe(0);
    for (let run = 0; run < 10_000 && engine.db(0).size > 0; run++) engine.runActiveExpireCycle();
    expect(engine.db(0).size).toBe(0);
    expect(engine.stats.expiredKeys).toBe(100_010);
    engine.close();
  });

  it('runs on its own timer, unless DEBUG SET-ACTIVE-EXPIRE turned it off', () => {
    vi.useFakeTimers();
    vi.setSystemTime(1_700_000_000_000);
    const { engine, s } = open({});
    s.execute(['SET', 'a', '1', 'PX', '50']);
    s.execute(['SELECT', '9']);
    s.execute(['SET', 'b', '1', 'PX', '50']);
    vi.advanceTimersByTime(300);
    expect(engine.db(0).size + engine.db(9).size).toBe(0);
    expect(engine.stats.expiredKeys).toBe(2);

    engine.activeExpireEnabled = false;
    s.execute(['SET', 'c', '1', 'PX', '50']);
    vi.advanceTimersByTime(300);
    expect(engine.db(9).dict.has('c')).toBe(true);
    engine.close();
  });

  it('never keeps the process alive', () => {
    const engine = new Engine();
    const timer = (engine as unknown as { expireTimer: NodeJS.Timeout }).expireTimer;
    expect(timer).toBeDefined();
    expect(timer.hasRef()).toBe(false);
    engine.close();
  });
});
