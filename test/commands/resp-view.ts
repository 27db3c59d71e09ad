/**
 * What a client actually receives: stub replies are reply values (a MapReply stays a map whatever
 * the protocol), so before comparing with the oracle they go through the RESP encoder and parser
 * for the protocol the connection speaks at that point of the script (HELLO switches it).
 */
import { encodeReply, ReplyParser } from '../../src/protocol/resp.js';
import type { Reply } from '../../src/reply.js';
import type { Script } from '../support/differential.js';
import { fromJson, type JsonReply, toJson } from '../support/reply-json.js';

export function wire(reply: Reply, resp: 2 | 3): Reply {
  let out: Reply | undefined;
  new ReplyParser((r) => (out = r)).feed(Buffer.from(encodeReply(reply, resp), 'latin1'));
  return out!;
}

type Normalize = (argv: string[], r: JsonReply) => JsonReply;

/** A normalizer rendering each reply as the wire carries it, then applying `then`. */
export function onTheWire(script: Script, then: Normalize = (_a, r) => r): Normalize {
  const protocol = new Map<string[], 2 | 3>();
  let resp: 2 | 3 = 2;
  for (const argv of script) {
    const name = argv[0]!.toUpperCase();
    // The HELLO reply itself already uses the protocol it asks for.
    if (name === 'HELLO' && (argv[1] === '2' || argv[1] === '3')) resp = Number(argv[1]) as 2 | 3;
    protocol.set(argv, resp);
    if (name === 'RESET') resp = 2;
  }
  return (argv, r) => then(argv, toJson(wire(fromJson(r), protocol.get(argv) ?? 2)));
}
