/**
 * What a client actually receives: stub replies are reply values (a MapReply stays a map whatever
 * the protocol), so before comparing with the oracle they go through the RESP encoder and parser
 * for the protocol the connection speaks at that point of the script (HELLO switches it).
 */
import { onTheWire as renderOnTheWire } from '../support/wire.js';
import type { Script } from '../support/differential.js';
import { fromJson, type JsonReply, toJson } from '../support/reply-json.js';

export const wire = renderOnTheWire;

type Normalize = (argv: string[], r: JsonReply) => JsonReply;

/**
 * A normalizer rendering each reply as the wire carries it, then applying `then`. Replies are
 * normalized in script order, so the protocol in force is followed as it goes: a HELLO that
 * succeeds switches it (its own reply already uses the new one), RESET goes back to RESP2.
 */
export function onTheWire(_script: Script, then: Normalize = (_a, r) => r): Normalize {
  const protocol = new Map<string[], 2 | 3>();
  let resp: 2 | 3 = 2;
  return (argv, r) => {
    let p = protocol.get(argv);
    if (p === undefined) {
      const name = argv[0]!.toUpperCase();
      const ok = !(r !== null && typeof r === 'object' && '-' in r);
      if (name === 'HELLO' && ok && (argv[1] === '2' || argv[1] === '3')) resp = Number(argv[1]) as 2 | 3;
      p = resp;
      protocol.set(argv, p);
      if (name === 'RESET' && ok) resp = 2;
    }
    return then(argv, toJson(wire(fromJson(r), p)));
  };
}

/** HELLO reports the connection id, which differs between the two servers: compare the rest. */
export function helloWithoutId(argv: string[], r: JsonReply): JsonReply {
  if (argv[0]?.toUpperCase() !== 'HELLO') return r;
  const map = r !== null && typeof r === 'object' && !Array.isArray(r) && '%' in r;
  const items = Array.isArray(r) ? r : map ? ((r as { '%': JsonReply[] })['%']) : undefined;
  if (!items) return r;
  const copy = [...items];
  const i = copy.indexOf('id');
  if (i >= 0 && typeof copy[i + 1] === 'number') copy[i + 1] = 'ID';
  return Array.isArray(r) ? copy : { '%': copy };
}
