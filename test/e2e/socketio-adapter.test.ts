/**
 * An unmodified @socket.io/redis-adapter on redis-stub clients: two socket.io servers in one
 * process, each with its own pub and sub clients on one engine. A broadcast from one server
 * reaches a socket connected to the other, and the adapter's request/response traffic (which
 * counts servers with PUBSUB NUMSUB) works for fetchSockets and serverSideEmit.
 */
import { once } from 'node:events';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdapter } from '@socket.io/redis-adapter';
import { Server } from 'socket.io';
import { io as connectClient, type Socket as ClientSocket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Redis, { Engine } from '../../src/index.js';

interface Node {
  http: HttpServer;
  io: Server;
  clients: { disconnect(): void }[];
  port: number;
}

async function startNode(engine: Engine): Promise<Node> {
  const pub = new Redis({ engine });
  const sub = pub.duplicate();
  const http = createServer();
  const io = new Server(http, { adapter: createAdapter(pub, sub) });
  http.listen(0, '127.0.0.1');
  await once(http, 'listening');
  return { http, io, clients: [pub, sub], port: (http.address() as AddressInfo).port };
}

/** The next `event` on a socket.io client socket (not a Node EventEmitter, so no events.once). */
function next<T>(socket: ClientSocket, event: string): Promise<T> {
  return new Promise((resolve) => socket.once(event, (value: T) => resolve(value)));
}

async function stopNode(node: Node): Promise<void> {
  node.io.close();
  for (const c of node.clients) c.disconnect();
}

describe('@socket.io/redis-adapter on redis-stub', () => {
  const engine = new Engine();
  let a: Node;
  let b: Node;
  let client: ClientSocket;

  beforeAll(async () => {
    a = await startNode(engine);
    b = await startNode(engine);
    client = connectClient(`http://127.0.0.1:${b.port}`, { transports: ['websocket'], reconnection: false });
    await next(client, 'connect');
  });

  afterAll(async () => {
    client?.disconnect();
    await stopNode(a);
    await stopNode(b);
    engine.close();
  });

  it('a broadcast from one server reaches a socket connected to the other', async () => {
    const received = next<{ headline: string; bytes: Buffer }>(client, 'news');
    a.io.emit('news', { headline: 'hello from server a', bytes: Buffer.from([0, 255, 128]) });
    const payload = await received;
    expect(payload.headline).toBe('hello from server a');
    expect(Buffer.from(payload.bytes)).toEqual(Buffer.from([0, 255, 128]));
  });

  it('rooms: only sockets that joined hear a room broadcast', async () => {
    const [socketOnB] = await b.io.fetchSockets();
    socketOnB!.join('room-1');
    const heard: string[] = [];
    client.on('room-news', (m: string) => heard.push(m));
    a.io.to('room-2').emit('room-news', 'not for you');
    a.io.to('room-1').emit('room-news', 'for room 1');
    await new Promise((r) => setTimeout(r, 50));
    expect(heard).toEqual(['for room 1']);
  });

  it('fetchSockets and serverSideEmit cross servers through request/response channels', async () => {
    const sockets = await a.io.fetchSockets();
    expect(sockets.map((s) => s.id)).toEqual([client.id]);
    const got = new Promise((resolve) => b.io.on('ping-servers', resolve));
    a.io.serverSideEmit('ping-servers', 42);
    expect(await got).toBe(42);
  });
});
