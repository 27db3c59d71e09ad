/**
 * A raw RESP connection to a redis-server: commands go out as arrays of bulk strings (binary
 * strings), replies come back as reply values, exactly as sent, with no client-side shaping.
 */
import { createConnection, type Socket } from 'node:net';
import { encodeCommand, ReplyParser } from '../../src/protocol/resp.js';
import type { Reply } from '../../src/reply.js';

export class RawConnection {
  private readonly waiting: Array<(r: Reply) => void> = [];
  private readonly parser = new ReplyParser((r) => this.waiting.shift()?.(r));

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk) => this.parser.feed(chunk));
  }

  static open(port: number): Promise<RawConnection> {
    return new Promise((resolve, reject) => {
      const socket = createConnection({ host: '127.0.0.1', port });
      socket.setNoDelay(true);
      socket.once('connect', () => resolve(new RawConnection(socket)));
      socket.once('error', reject);
    });
  }

  send(argv: readonly string[]): Promise<Reply> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.socket.write(encodeCommand(argv));
    });
  }

  /** Sends every command in one write and resolves with every reply, in order. */
  sendAll(commands: readonly (readonly string[])[]): Promise<Reply[]> {
    if (commands.length === 0) return Promise.resolve([]);
    const replies = commands.map(
      () => new Promise<Reply>((resolve) => this.waiting.push(resolve)),
    );
    this.socket.write(Buffer.concat(commands.map(encodeCommand)));
    return Promise.all(replies);
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.end();
    });
  }
}
