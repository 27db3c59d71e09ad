/**
 * A stub reply as a client reads it off the socket. Handlers return reply values (a MapReply stays
 * a map whatever the protocol); the oracle's replies arrive already rendered for the connection's
 * protocol, so stub replies go through the RESP encoder and parser before they are compared.
 */
import { encodeReply, ReplyParser } from '../../src/protocol/resp.js';
import type { Reply } from '../../src/reply.js';

export function onTheWire(reply: Reply, resp: 2 | 3): Reply {
  let out: Reply | undefined;
  new ReplyParser((r) => (out = r)).feed(Buffer.from(encodeReply(reply, resp), 'latin1'));
  return out as Reply;
}
