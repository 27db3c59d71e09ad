/**
 * The in-process "servers": one Engine per host:port (or unix path), shared by every client that
 * names it, as clients of one real Redis share its data and pub/sub.
 */
import { Engine } from './engine.js';

const shared = new Map<string, Engine>();

export function sharedEngine(address: string): Engine {
  let engine = shared.get(address);
  if (engine === undefined) {
    engine = new Engine();
    shared.set(address, engine);
  }
  return engine;
}

/** Every shared engine that exists, by address (for resetting them all between tests). */
export function sharedEngines(): ReadonlyMap<string, Engine> {
  return shared;
}

/** Forgets a shared engine (and stops its timers); the next client on that address gets a fresh one. */
export function dropSharedEngine(address: string): void {
  shared.get(address)?.close();
  shared.delete(address);
}
