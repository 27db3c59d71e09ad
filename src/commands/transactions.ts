/** MULTI, EXEC, DISCARD, WATCH, UNWATCH (Redis's multi.c). */
import { CommandError, DISCARD_WITHOUT_MULTI, EXECABORT, EXEC_WITHOUT_MULTI, MULTI_NESTED, WATCH_IN_MULTI } from '../errors.js';
import { ErrorReply, NIL_ARRAY, OK, PinnedReply, type Reply } from '../reply.js';
import type { Session } from '../engine/session.js';
import type { CommandDef } from './spec.js';
import { isWatchedKeyExpired, watchForKey } from '../engine/watch.js';

function multi(c: Session): Reply {
  if (c.multi !== undefined) throw new CommandError(MULTI_NESTED);
  c.multi = [];
  c.multiFailed = false;
  return OK;
}

function exec(c: Session): Reply {
  const queue = c.multi;
  if (queue === undefined) throw new CommandError(EXEC_WITHOUT_MULTI);
  if (c.multiFailed) {
    c.endTransaction();
    return new ErrorReply(EXECABORT);
  }
  if (c.watchDirty || isWatchedKeyExpired(c)) {
    c.endTransaction();
    return NIL_ARRAY;
  }
  // Unwatch before running, as Redis does: the transaction's own writes must not dirty anything.
  c.multi = undefined;
  c.unwatchAll();
  const replies: Reply[] = new Array(queue.length);
  const protocols: (2 | 3)[] = new Array(queue.length);
  c.execHeld = [];
  for (let i = 0; i < queue.length; i++) {
    replies[i] = c.call(queue[i]!.command, queue[i]!.argv);
    protocols[i] = c.resp; // a queued HELLO replies in the protocol it just chose
  }
  // Replies went out in the protocol in force when each ran; pin those that differ from the end's.
  for (let i = 0; i < queue.length; i++) {
    if (protocols[i] !== c.resp) replies[i] = new PinnedReply(replies[i]!, protocols[i]!);
  }
  // The queue (and the argument objects it held) is freed only now.
  for (const e of c.execHeld) e.heldByQueue = false;
  c.execHeld = undefined;
  return replies;
}

function discard(c: Session): Reply {
  if (c.multi === undefined) throw new CommandError(DISCARD_WITHOUT_MULTI);
  c.endTransaction();
  return OK;
}

function watch(c: Session, argv: string[]): Reply {
  if (c.multi !== undefined) throw new CommandError(WATCH_IN_MULTI);
  // Once dirty, the transaction fails anyway: no need to watch more (as Redis).
  if (c.watchDirty) return OK;
  for (let i = 1; i < argv.length; i++) watchForKey(c, c.db, argv[i]!);
  return OK;
}

function unwatch(c: Session): Reply {
  c.unwatchAll();
  return OK;
}

export const transactionCommands: CommandDef[] = [
  { name: 'multi', handler: multi },
  { name: 'exec', handler: exec },
  { name: 'discard', handler: discard },
  { name: 'watch', handler: watch },
  { name: 'unwatch', handler: unwatch },
];
