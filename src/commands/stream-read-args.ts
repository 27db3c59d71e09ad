/**
 * The option loop of xreadCommand, which Redis 7.0 shares between XREAD and XREADGROUP:
 * [COUNT n] [BLOCK ms] [GROUP g c] [NOACK] STREAMS key... id... (GROUP and NOACK only for
 * XREADGROUP), and the reply both give.
 */
import type { Bytes } from '../bytes.js';
import { CommandError, SYNTAX, XREAD_GROUP_OPTION, XREAD_NOACK_OPTION, XREADGROUP_MISSING_GROUP, xreadUnbalanced } from '../errors.js';
import type { Session } from '../engine/session.js';
import { MapReply, type Reply } from '../reply.js';
import { int64Arg, isKeyword } from './args.js';
import { blockDeadlineMs } from './timeouts.js';

export interface XreadArgs {
  /** BLOCK's absolute deadline (0 = forever); undefined without BLOCK. */
  deadline: number | undefined;
  /** COUNT, 0 for none (a negative COUNT counts as none, as in Redis). */
  count: number;
  noack: boolean;
  /** GROUP's group and consumer (XREADGROUP only; always set there). */
  group: Bytes | undefined;
  consumer: Bytes;
  keys: Bytes[];
  /** The IDs as given, one per key (`$`, `>`, or an ID). */
  idArgs: Bytes[];
}

export function parseXreadArgs(c: Session, argv: Bytes[], xreadgroup: boolean): XreadArgs {
  const args: XreadArgs = { deadline: undefined, count: 0, noack: false, group: undefined, consumer: '', keys: [], idArgs: [] };
  let streamsAt = 0;
  let streamCount = 0;
  for (let i = 1; i < argv.length; i++) {
    const more = argv.length - i - 1;
    const opt = argv[i]!;
    if (isKeyword(opt, 'BLOCK') && more > 0) {
      // There is no sense in BLOCK inside a script; Redis refuses it as soon as it reads the option.
      if (c.scriptClient) throw new CommandError(`ERR ${argv[0]} command is not allowed with BLOCK option from scripts`);
      args.deadline = blockDeadlineMs(c, argv[++i]!);
    } else if (isKeyword(opt, 'COUNT') && more > 0) {
      const count = BigInt(int64Arg(argv[++i]!));
      args.count = count < 0n ? 0 : Number(count);
    } else if (isKeyword(opt, 'STREAMS') && more > 0) {
      streamsAt = i + 1;
      streamCount = argv.length - streamsAt;
      // 7.0 names XREAD and `$` here even for XREADGROUP.
      if (streamCount % 2 !== 0) throw new CommandError(xreadUnbalanced('XREAD', '$'));
      streamCount /= 2;
      break;
    } else if (isKeyword(opt, 'GROUP') && more >= 2) {
      if (!xreadgroup) throw new CommandError(XREAD_GROUP_OPTION);
      args.group = argv[i + 1]!;
      args.consumer = argv[i + 2]!;
      i += 2;
    } else if (isKeyword(opt, 'NOACK')) {
      if (!xreadgroup) throw new CommandError(XREAD_NOACK_OPTION);
      args.noack = true;
    } else {
      throw new CommandError(SYNTAX);
    }
  }
  if (streamsAt === 0) throw new CommandError(SYNTAX);
  if (xreadgroup && args.group === undefined) throw new CommandError(XREADGROUP_MISSING_GROUP);
  args.keys = argv.slice(streamsAt, streamsAt + streamCount);
  args.idArgs = argv.slice(streamsAt + streamCount);
  return args;
}

/** XREAD / XREADGROUP's reply for the streams served: [[key, entries], ...] in RESP2, a map in RESP3. */
export function readReply(c: Session, served: [Bytes, Reply[]][]): Reply {
  if (c.resp === 3) return new MapReply(served.flat());
  return served.map(([key, entries]) => [key, entries]);
}
