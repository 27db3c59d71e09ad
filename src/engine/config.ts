/**
 * Server configuration (CONFIG GET/SET). Values are kept as Redis prints them; the engine reads the
 * few it acts on through typed getters that are refreshed on every successful set.
 */
import defaults from './config-defaults.json' with { type: 'json' };
import { parseNotifyFlags } from './notify.js';
import type { EncodingThresholds } from './values.js';

export class Config {
  private readonly values = new Map<string, string>(Object.entries(defaults as Record<string, string>));

  hz = 10;
  notifyFlags = 0;
  readonly thresholds: EncodingThresholds = {
    hashMaxListpackEntries: 128,
    hashMaxListpackValue: 64,
    listMaxListpackSize: -2,
    setMaxIntsetEntries: 512,
    zsetMaxListpackEntries: 128,
    zsetMaxListpackValue: 64,
  };

  constructor(overrides: Record<string, string> = {}) {
    for (const [k, v] of Object.entries(overrides)) this.values.set(k, v);
    this.refresh();
  }

  has(name: string): boolean {
    return this.values.has(name);
  }

  get(name: string): string | undefined {
    return this.values.get(name);
  }

  names(): IterableIterator<string> {
    return this.values.keys();
  }

  /** Stores an already validated value. */
  setRaw(name: string, value: string): void {
    this.values.set(name, value);
    this.refresh();
  }

  private refresh(): void {
    const num = (k: string) => Number(this.values.get(k));
    this.hz = num('hz');
    this.notifyFlags = parseNotifyFlags(this.values.get('notify-keyspace-events') ?? '');
    const t = this.thresholds;
    t.hashMaxListpackEntries = num('hash-max-listpack-entries');
    t.hashMaxListpackValue = num('hash-max-listpack-value');
    t.listMaxListpackSize = num('list-max-listpack-size');
    t.setMaxIntsetEntries = num('set-max-intset-entries');
    t.zsetMaxListpackEntries = num('zset-max-listpack-entries');
    t.zsetMaxListpackValue = num('zset-max-listpack-value');
  }
}
