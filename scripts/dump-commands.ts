/**
 * Captures Redis 7.0's own command metadata (COMMAND INFO and COMMAND DOCS, raw RESP2 replies)
 * from a live redis-server into src/commands/redis-commands.json. The command table joins each
 * handler with this metadata, so COMMAND INFO/DOCS, arity and key positions are Redis's own.
 *
 *   node --import tsx scripts/dump-commands.ts <port>
 */
import { writeFileSync } from 'node:fs';
import { RawConnection } from '../test/support/raw-connection.js';
import { toJson } from '../test/support/reply-json.js';

const port = Number(process.argv[2]);
const conn = await RawConnection.open(port);
const info = (await conn.send(['COMMAND', 'INFO'])) as unknown[];
const docs = await conn.send(['COMMAND', 'DOCS']);
const version = await conn.send(['INFO', 'server']);
await conn.close();
const out = {
  source: String(version).match(/redis_version:(\S+)/)?.[1],
  info: toJson(info as never),
  docs: toJson(docs as never),
};
writeFileSync(new URL('../src/commands/redis-commands.json', import.meta.url), JSON.stringify(out));
console.log(`wrote ${info.length} commands`);
