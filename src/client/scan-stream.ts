/**
 * `redis.scanStream()` and friends, as ioredis's ScanStream: an object-mode Readable that issues
 * one SCAN (or SSCAN/HSCAN/ZSCAN) per read and pushes each page's array as one chunk (possibly
 * empty), ending once the cursor comes back as "0".
 */
import { Readable, type ReadableOptions } from 'node:stream';

export interface ScanStreamOptions {
  match?: string;
  type?: string;
  count?: number;
  noValues?: boolean;
}

interface ScanStreamInit extends ReadableOptions, ScanStreamOptions {
  key?: string | Buffer;
  redis: unknown;
  command: string;
}

type ScanMethod = (args: unknown[], callback: (err: Error | null, res?: [string | Buffer, unknown[]]) => void) => unknown;

export class ScanStream extends Readable {
  private readonly opt: ScanStreamInit;
  private _redisCursor = '0';
  private _redisDrained = false;

  constructor(opt: ScanStreamInit) {
    super(opt);
    this.opt = opt;
  }

  override _read(): void {
    if (this._redisDrained) {
      this.push(null);
      return;
    }
    const args: unknown[] = [this._redisCursor];
    if (this.opt.key) args.unshift(this.opt.key);
    if (this.opt.match) args.push('MATCH', this.opt.match);
    if (this.opt.type) args.push('TYPE', this.opt.type);
    if (this.opt.count) args.push('COUNT', String(this.opt.count));
    if (this.opt.noValues) args.push('NOVALUES');
    const redis = this.opt.redis as Record<string, ScanMethod>;
    redis[this.opt.command]!.call(redis, args, (err, res) => {
      if (err) {
        this.emit('error', err);
        return;
      }
      const cursor = res![0];
      this._redisCursor = cursor instanceof Buffer ? cursor.toString() : String(cursor);
      if (this._redisCursor === '0') this._redisDrained = true;
      this.push(res![1]);
    });
  }

  /** Stops after the page being read. */
  close(): void {
    this._redisDrained = true;
  }
}
