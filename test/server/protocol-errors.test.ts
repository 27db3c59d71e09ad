/**
 * Malformed and unusual request bytes, sent to the oracle and to the stub's server: the reply bytes
 * and whether the connection was closed must be the same. Then random garbage and truncated
 * frames, where the server must answer as the oracle does, never crash, and keep serving others.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { exchange, RawSocket, resp, startServer, type TestServer } from './helpers.js';
import { connectOracle, hasOracle, oraclePort } from '../support/oracle.js';

/** Inputs whose replies are compared byte for byte (bytes as binary strings). */
const CASES: string[] = [
  // multibulk counts
  '*x\r\n',
  '*\r\n',
  '*01\r\n',
  '*-0\r\n',
  '*+1\r\n',
  '*3000000000\r\n',
  '*2147483648\r\n',
  '*99999999999999999999\r\n',
  '*999999999999999999999\r\n',
  '*0\r\n*-1\r\n*-7\r\nPING\r\n',
  '*1 \r\n$4\r\nPING\r\n',
  // bulk lengths
  '*1\r\n$x\r\n',
  '*1\r\n$\r\n',
  '*1\r\n$-1\r\n',
  '*1\r\n$04\r\nPING\r\n',
  '*1\r\n$+4\r\nPING\r\n',
  '*1\r\n$536870913\r\n',
  '*1\r\n$536870912\r\n',
  '*1\r\n$9223372036854775808\r\n',
  '*1\r\nfoo\r\n',
  '*1\r\n\r\n',
  '*1\r\n\n$4\r\nPING\r\n',
  '*1\r\n:4\r\nPING\r\n',
  '*2\r\n$4\r\nECHO\r\n\x80\r\n',
  // the LF after a CR and the CRLF after a bulk are skipped unchecked
  '*1\rX$4\r\nPING\r\n',
  '*1\r\n$4\r\nPINGxyPING\r\n',
  // pipelines with an error in the middle: replies before it, then the error, then the close
  'PING\r\n*2\r\n$4\r\nECHO\r\n$3\r\nabcdef\r\n',
  `${resp('SET', 'k', 'v')}${resp('GET', 'k')}*1\r\n$y\r\nPING\r\n`,
  // inline
  'PING\r\n',
  'PING\n',
  '\r\n\r\nPING\n',
  '   \t  \r\n',
  'ECHO "a\\x41\\n\\t\\r\\b\\a\\q"\r\n',
  'ECHO "\\xzz"\r\n',
  'ECHO "abc\r\n',
  "ECHO 'abc\r\n",
  'ECHO "a"b\r\n',
  "ECHO 'a\\'b'\n",
  "ECHO 'a'b\r\n",
  'ECHO a"b c"d\r\n',
  'ECHO "x" "y"\r\n',
  'ECHO \x80\xff\r\n',
  'ECHO a\x0bb\r\n',
  'ECHO "a\\"\r\n',
  'SET k "v" \r\nGET k\r\n',
  'PING\rPING\r\n',
  // NUL bytes: the line search stops at them (strchr), so these wait for more input
  'PI\x00NG\r\n',
  '*1\x00\r\n$4\r\nPING\r\n',
  `*2\r\n$4\r\nECHO\r\n$1\r\n\x00\r\n`,
  // unknown commands and arity, over the wire
  'NOSUCH a b\r\n',
  resp('GET'),
  // QUIT closes after its reply; nothing after it runs
  'QUIT\r\nPING\r\n',
  `${resp('PING')}${resp('QUIT')}${resp('SET', 'after-quit', '1')}`,
  // HELLO switches the protocol of the replies that follow
  `${resp('HELLO', '3')}${resp('HGETALL', 'nokey')}${resp('GET', 'nokey')}${resp('HELLO', '2')}${resp('GET', 'nokey')}`,
  `${resp('HELLO', '4')}${resp('HELLO', 'x')}`,
];

/** Inputs past PROTO_INLINE_MAX_SIZE (64 KB) without a line end. */
const BIG_CASES: string[] = [
  'A'.repeat(64 * 1024 + 1),
  'A'.repeat(64 * 1024),
  `*${'1'.repeat(64 * 1024 + 1)}`,
  `*1\r\n$${'1'.repeat(64 * 1024 + 1)}`,
  `PING\r\n${'x'.repeat(70 * 1024)}`,
  `${'ECHO '.padEnd(64 * 1024 - 2, 'y')}\r\n`,
];

/** Client ids (HELLO's `id`) differ between servers; everything else must be the same bytes. */
function normalize(text: string): string {
  return text.replace(/\$2\r\nid\r\n:\d+\r\n/g, () => '$2\r\nid\r\n:ID\r\n');
}

describe.skipIf(!hasOracle())('protocol errors: the stub server answers malformed input as the oracle', () => {
  let srv: TestServer;
  let oracle: number;

  beforeAll(async () => {
    srv = await startServer();
    oracle = oraclePort()!;
    const o = await connectOracle();
    await o!.send(['FLUSHALL']);
    await o!.close();
  });
  afterAll(async () => {
    await srv.stop();
  });

  async function compare(bytes: string | string[]): Promise<void> {
    const [expected, actual] = await Promise.all([exchange(oracle, bytes), exchange(srv.port, bytes)]);
    expect({ data: normalize(actual.data), closed: actual.closed }, JSON.stringify(bytes).slice(0, 200)).toEqual({
      data: normalize(expected.data),
      closed: expected.closed,
    });
  }

  it.each(CASES.map((c) => [JSON.stringify(c), c]))('%s', async (_name, bytes) => {
    await compare(bytes);
  });

  it.each(BIG_CASES.map((c, i) => [i, c]))('past the inline limit #%s', async (_i, bytes) => {
    await compare(bytes);
  });

  it('answers the same however the bytes are split across writes', async () => {
    // Split points inside counts, lengths, CRLFs and bulk payloads.
    const frame = `${resp('SET', 'split', 'value')}${resp('GET', 'split')}*1\r\n$z\r\n`;
    for (const at of [1, 2, 3, 5, 9, 14, 20, frame.length - 3]) {
      await compare([frame.slice(0, at), frame.slice(at)]);
    }
  });

  it('unauthenticated long counts are refused before AUTH, as Redis', async () => {
    const o = await connectOracle();
    await o!.send(['CONFIG', 'SET', 'requirepass', 'pw']);
    srv.engine.config.set([['requirepass', 'pw']]);
    try {
      for (const bytes of [
        '*11\r\n',
        '*10\r\n',
        '*1\r\n$16385\r\n',
        `${resp('PING')}*1\r\n$16385\r\n`,
        `${resp('AUTH', 'pw')}*11\r\n`,
        `${resp('AUTH', 'wrong')}${resp('GET', 'x')}`,
        `${resp('AUTH', 'pw')}${resp('GET', 'x')}`,
        `${resp('HELLO', '3')}${resp('HELLO', '3', 'AUTH', 'default', 'pw')}`,
      ]) {
        await compare(bytes);
      }
    } finally {
      srv.engine.config.set([['requirepass', '']]);
      await o!.send(['AUTH', 'pw']);
      await o!.send(['CONFIG', 'SET', 'requirepass', '']);
      await o!.close();
    }
  });

  it('random garbage and truncated frames: same replies and closes as the oracle', async () => {
    const valid = [resp('PING'), resp('SET', 'g', 'v'), resp('GET', 'g'), resp('ECHO', 'x\r\ny'), 'PING\r\n', 'ECHO "q"\r\n'];
    const piece = fc.oneof(
      fc.constantFrom(...valid),
      fc.constantFrom('*', '$', '\r', '\n', '\r\n', '"', "'", '\\', ' ', '\x00', '-1', '0', '3', '99999999999', 'x'),
      fc.string({ maxLength: 8 }).map((s) => Buffer.from(s, 'utf8').toString('latin1')),
      fc.constantFrom(...valid).chain((v) => fc.nat(v.length).map((n) => v.slice(0, n))),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { minLength: 1, maxLength: 8 }), async (pieces) => {
        // End with a complete PING so a parser stuck waiting shows up as a missing PONG.
        await compare(`${pieces.join('')}\r\n${resp('PING')}`);
      }),
      { numRuns: 60 },
    );
  });

  it('keeps serving other clients while one sends garbage or stalls mid-frame', async () => {
    const stalled = await RawSocket.open(srv.port);
    stalled.write('*3\r\n$3\r\nSET\r\n$1\r\nk'); // a frame that never completes
    const garbage = await RawSocket.open(srv.port);
    garbage.write('*1\r\n$abc\r\n');
    expect(await garbage.waitClosed()).toBe(true);
    const other = await exchange(srv.port, resp('PING'));
    expect(other.data).toBe('+PONG\r\n');
    expect(stalled.closed).toBe(false);
    stalled.close();
  });
});

describe('query buffer and bulk limits', () => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startServer();
  });
  afterAll(async () => {
    await srv.stop();
  });

  it('proto-max-bulk-len bounds a bulk length', async () => {
    srv.engine.config.set([['proto-max-bulk-len', '1mb']]);
    try {
      expect(await exchange(srv.port, `*1\r\n$${1024 * 1024 + 1}\r\n`)).toEqual({ data: '-ERR Protocol error: invalid bulk length\r\n', closed: true });
      const ok = await exchange(srv.port, resp('SET', 'big', 'x'.repeat(1024 * 1024)) + resp('STRLEN', 'big'), 300);
      expect(ok.data).toBe('+OK\r\n:1048576\r\n');
    } finally {
      srv.engine.config.set([['proto-max-bulk-len', '512mb']]);
    }
  });

  it('a client past client-query-buffer-limit is disconnected without a reply', async () => {
    srv.engine.config.set([['client-query-buffer-limit', '1mb']]);
    try {
      const sock = await RawSocket.open(srv.port);
      // An argument bigger than the limit, sent in pieces: the server must drop the client.
      sock.write(`*2\r\n$4\r\nECHO\r\n$${3 * 1024 * 1024}\r\n`);
      for (let i = 0; i < 24 && !sock.closed; i++) sock.write('z'.repeat(128 * 1024));
      expect(await sock.waitClosed()).toBe(true);
      expect(sock.text).toBe('');
      expect(srv.engine.sessions.size).toBe(0);
    } finally {
      srv.engine.config.set([['client-query-buffer-limit', '1gb']]);
    }
  });

  it('a big argument arriving in many small writes is read whole', async () => {
    const sock = await RawSocket.open(srv.port);
    const value = 'v'.repeat(2 * 1024 * 1024);
    const frame = resp('SET', 'chunked', value) + resp('STRLEN', 'chunked');
    for (let i = 0; i < frame.length; i += 10_000) sock.write(frame.slice(i, i + 10_000));
    expect(await sock.read('+OK\r\n:2097152\r\n')).toBe('+OK\r\n:2097152\r\n');
    sock.close();
  });
});
