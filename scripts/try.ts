/**
 * Sends commands to a redis-server over a raw connection and prints every reply in its lossless
 * JSON form: the quickest way to ask the oracle how Redis answers something.
 *
 *   node --import tsx scripts/try.ts <port> 'SET k v' 'GET k' '["SET","k","a b"]'
 * A command is either space-separated words or a JSON array of arguments (for spaces and bytes).
 */
import { RawConnection } from '../test/support/raw-connection.js';
import { toJson } from '../test/support/reply-json.js';

const [port, ...lines] = process.argv.slice(2);
const conn = await RawConnection.open(Number(port));
for (const line of lines) {
  const argv: string[] = line.trim().startsWith('[') ? JSON.parse(line) : line.trim().split(/\s+/);
  const reply = await conn.send(argv);
  console.log(`${JSON.stringify(argv)} -> ${JSON.stringify(toJson(reply))}`);
}
await conn.close();
