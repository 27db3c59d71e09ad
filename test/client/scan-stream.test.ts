/** scanStream and friends, side by side with ioredis: what the pages hold, and how the stream behaves. */
import { describe, expect, it } from 'vitest';
import { type AnyClient, oracleAvailable, sideBySide } from './side-by-side.js';

/** Reads a stream to the end: its chunks, and how it ended. */
function drain(stream: NodeJS.ReadableStream): Promise<{ chunks: unknown[][]; error?: string }> {
  return new Promise((resolve) => {
    const chunks: unknown[][] = [];
    stream.on('data', (chunk: unknown[]) => chunks.push(chunk));
    stream.on('end', () => resolve({ chunks }));
    stream.on('error', (e: Error) => resolve({ chunks, error: e.message }));
  });
}

function sortedItems(chunks: unknown[][]): string[] {
  return chunks
    .flat()
    .map((x) => (Buffer.isBuffer(x) ? `buffer:${x.toString('hex')}` : String(x)))
    .sort();
}

describe.skipIf(!oracleAvailable)('scan streams, side by side with ioredis', () => {
  let real: AnyClient;
  let stub: AnyClient;

  sideBySide((r, s) => {
    real = r;
    stub = s;
  });

  async function both<T>(fn: (c: AnyClient) => Promise<T>): Promise<[T, T]> {
    return [await fn(real), await fn(stub)];
  }

  async function fill(c: AnyClient): Promise<void> {
    const args: string[] = [];
    for (let i = 0; i < 25; i++) args.push(`key:${i}`, `v${i}`);
    await c.mset(args);
    await c.set('other', 'x');
  }

  it('every key arrives, one array per page, then the stream ends', async () => {
    const [expected, actual] = await both(async (c) => {
      await fill(c);
      const { chunks, error } = await drain(c.scanStream({ count: 10 }));
      return { items: sortedItems(chunks), allArrays: chunks.every(Array.isArray), error, pages: chunks.length > 1 };
    });
    expect(actual).toEqual(expected);
  });

  it('match, type and count options; Buffer variant', async () => {
    const [expected, actual] = await both(async (c) => {
      await fill(c);
      return [
        sortedItems((await drain(c.scanStream({ match: 'key:1*', count: 5 }))).chunks),
        sortedItems((await drain(c.scanStream({ type: 'string', match: 'oth*' }))).chunks),
        sortedItems((await drain(c.scanStream({ type: 'list' }))).chunks),
        sortedItems((await drain(c.scanBufferStream({ match: 'key:2?' }))).chunks),
        await drain(c.scanStream({ count: 0 })).then((r) => r.error),
      ];
    });
    expect(actual).toEqual(expected);
  });

  it('an empty keyspace gives one empty page', async () => {
    const [expected, actual] = await both(async (c) => (await drain(c.scanStream())).chunks);
    expect(actual).toEqual(expected);
    expect(actual).toEqual([[]]);
  });

  it('keyPrefix: MATCH is not prefixed, keys come back with the prefix', async () => {
    const [expected, actual] = await both(async (c) => {
      const p = c.duplicate({ keyPrefix: 'pre:' });
      await p.set('pk', '1');
      await c.set('pk', 'unprefixed');
      const out = [
        sortedItems((await drain(p.scanStream({ match: 'pk*' }))).chunks),
        sortedItems((await drain(p.scanStream({ match: 'pre:pk*' }))).chunks),
      ];
      p.disconnect();
      return out;
    });
    expect(actual).toEqual(expected);
  });

  it('close() stops after the current page; for await works', async () => {
    const [expected, actual] = await both(async (c) => {
      await fill(c);
      const stream = c.scanStream({ count: 2 });
      const pages: unknown[] = [];
      stream.on('data', (page: unknown[]) => {
        pages.push(page);
        stream.close();
      });
      await new Promise((resolve) => stream.on('end', resolve));
      let total = 0;
      for await (const page of c.scanStream({ count: 7 })) total += (page as unknown[]).length;
      return [pages.length, total];
    });
    expect(actual).toEqual(expected);
  });
});
