/** Caller-built Commands, side by side with ioredis's Command class. */
import { describe, expect, it } from 'vitest';
import { Command as IOCommand } from 'ioredis';
import { Command } from '../../src/index.js';
import { type AnyClient, oracleAvailable, outcome, shape, sleep, sideBySide } from './side-by-side.js';

type CommandClass = new (name: string, args?: unknown[], options?: Record<string, unknown>, cb?: unknown) => any;

describe.skipIf(!oracleAvailable)('Command and sendCommand, side by side with ioredis', () => {
  let real: AnyClient;
  let stub: AnyClient;

  sideBySide((r, s) => {
    real = r;
    stub = s;
  });

  async function both(fn: (c: AnyClient, C: CommandClass) => Promise<unknown>): Promise<void> {
    const expected = await fn(real, IOCommand as unknown as CommandClass);
    const actual = await fn(stub, Command as unknown as CommandClass);
    expect(actual).toEqual(expected);
  }

  it('sendCommand returns the command promise; no replyEncoding gives Buffers', async () => {
    await both(async (c, C) => {
      const set = new C('set', ['k', 'v']);
      const get = new C('get', ['k']);
      const getUtf8 = new C('get', ['k'], { replyEncoding: 'utf8' });
      const p = c.sendCommand(set);
      return [
        p === set.promise,
        await outcome(p),
        await outcome(c.sendCommand(get)),
        await outcome(c.sendCommand(getUtf8)),
        await outcome(c.sendCommand(new C('incr', ['k'], { replyEncoding: 'utf8' }))),
        await outcome(c.sendCommand(new C('GET', [['k']], { replyEncoding: 'utf8' }))),
        set.name,
        set.args,
      ];
    });
  });

  it('arguments are flattened, transformed, stringified and prefixed at construction', async () => {
    await both(async (c, C) => {
      const mset = new C('mset', [{ a: 1, b: null }], { keyPrefix: 'p:' });
      const del = new C('del', [['x', Buffer.from('y')], 'z'], { keyPrefix: 'p:' });
      const withBufferPrefix = new C('get', ['a'], { keyPrefix: Buffer.from('p:'), replyEncoding: 'utf8' });
      return [
        shape(mset.args),
        shape(mset.getKeys()),
        shape(del.args),
        await outcome(c.sendCommand(mset)),
        await outcome(c.sendCommand(withBufferPrefix)),
        shape(withBufferPrefix.args),
        await outcome(c.get('p:b')),
      ];
    });
  });

  it('callbacks, errors, pipelines', async () => {
    await both(async (c, C) => {
      const log: unknown[] = [];
      const cmd = new C('get', ['a', 'b'], { replyEncoding: 'utf8' }, (err: Error | null, res: unknown) =>
        log.push(['cb', shape(err), res]),
      );
      log.push(await outcome(c.sendCommand(cmd)));
      const inPipeline = new C('echo', ['hi'], { replyEncoding: 'utf8' });
      const raw = new C('echo', ['raw']);
      log.push(await outcome(c.pipeline().sendCommand(inPipeline).sendCommand(raw).echo('x').exec()));
      log.push(await outcome(inPipeline.promise), await outcome(raw.promise));
      await sleep(5);
      return log;
    });
  });

  it("the built-in transformers match ioredis's (hgetall to an object, mset/hset object and Map forms)", () => {
    const theirs = (IOCommand as any)._transformer;
    const ours = (Command as any)._transformer;
    const replies: unknown[] = [
      [],
      ['a', '1', 'b', '2'],
      ['__proto__', 'x', 'constructor', 'y', 'toString', 'z', 'a', '1'],
      [Buffer.from('k'), Buffer.from('v')],
      'QUEUED',
      null,
    ];
    for (const reply of replies) {
      const expected = theirs.reply.hgetall(reply);
      const actual = ours.reply.hgetall(reply);
      expect(shape(actual)).toEqual(shape(expected));
      if (expected && typeof expected === 'object' && !Array.isArray(expected)) {
        expect(Object.getPrototypeOf(actual)).toBe(Object.getPrototypeOf(expected));
        expect(Object.getOwnPropertyNames(actual)).toEqual(Object.getOwnPropertyNames(expected));
      }
    }
    const argumentCases: [string, unknown[]][] = [
      ['mset', [{ a: 1, b: null }]],
      ['mset', [new Map<unknown, unknown>([[1, 'x'], ['k', { o: 1 }]])]],
      ['mset', ['a', '1']],
      ['mset', [{}]],
      ['msetnx', [{ a: 1 }]],
      ['hset', ['h', { f: 'v', g: 2 }]],
      ['hset', ['h', new Map([['f', 'v']])]],
      ['hset', ['h', 'f', 'v']],
      ['hmset', ['h', { f: { nested: true } }]],
      ['hset', ['h', null]],
    ];
    for (const [name, args] of argumentCases) {
      expect(shape(ours.argument[name](args)), name).toEqual(shape(theirs.argument[name](args)));
    }
  });

  it('checkFlag and FLAGS', () => {
    for (const [flag, name] of [
      ['VALID_IN_SUBSCRIBER_MODE', 'PING'],
      ['VALID_IN_SUBSCRIBER_MODE', 'get'],
      ['WILL_DISCONNECT', 'quit'],
      ['BLOCKING_COMMANDS', 'blpop'],
      ['HANDSHAKE_COMMANDS', 'Select'],
    ] as const) {
      expect(Command.checkFlag(flag, name)).toBe((IOCommand as any).checkFlag(flag, name));
    }
    expect(Command.FLAGS).toEqual((IOCommand as any).FLAGS);
  });

  it('global argument and reply transformers apply by exact name', async () => {
    const setArg = (C: any) => C.setArgumentTransformer('echo', (args: unknown[]) => args.map((a) => `<${String(a)}>`));
    const setReply = (C: any) => C.setReplyTransformer('echo', (r: unknown) => (typeof r === 'string' ? r.toUpperCase() : r));
    setArg(IOCommand);
    setArg(Command);
    setReply(IOCommand);
    setReply(Command);
    try {
      await both(async (c) => [
        await outcome(c.echo('a')),
        await outcome(c.echoBuffer('a')),
        await outcome(c.call('echo', 'b')),
        await outcome(c.call('ECHO', 'c')),
        await outcome(c.pipeline().echo('d').exec()),
        await outcome(c.multi().echo('e').exec()),
      ]);
    } finally {
      for (const C of [IOCommand, Command] as any[]) {
        delete C._transformer.argument.echo;
        delete C._transformer.reply.echo;
      }
    }
  });
});
