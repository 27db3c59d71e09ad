/**
 * Which command methods exist, as ioredis's Commander generates them: every name in
 * `@ioredis/commands` (lowercase only) except `monitor`, plus `sentinel`, each as `name` (replies
 * decoded as utf8 strings) and `nameBuffer` (replies as Buffers); plus `call`, `callBuffer` and
 * `send_command` taking the command name first.
 */
import { list } from '@ioredis/commands';
import { Encoding } from './render.js';

export const COMMAND_NAMES: readonly string[] = [...list.filter((name) => name !== 'monitor'), 'sentinel'];

/** What a host (client or pipeline) does with one call: `name` as called, raw arguments, reply encoding. */
export interface CommandHost {
  /** `nameIsBytes`: the name is known to be ASCII (a generated method's), so it is already bytes. */
  sendNamed(name: string, args: unknown[], encoding: Encoding, nameIsBytes?: boolean): unknown;
}

export function commandMethod(name: string, encoding: Encoding) {
  return function (this: CommandHost, ...args: unknown[]): unknown {
    return this.sendNamed(name, args, encoding);
  };
}

function callMethod(encoding: Encoding) {
  return function (this: CommandHost, name: string, ...args: unknown[]): unknown {
    // ioredis writes the name with Buffer.byteLength: a Buffer name is its text, anything else throws.
    if (typeof name !== 'string') name = Buffer.byteLength(name) >= 0 ? String(name) : name;
    return this.sendNamed(name, args, encoding, false);
  };
}

/** Puts every command method on a prototype (skipping names the host defines itself). */
export function installCommands(proto: object, own: ReadonlySet<string>): void {
  const target = proto as Record<string, unknown>;
  for (const name of COMMAND_NAMES) {
    if (!own.has(name)) target[name] = commandMethod(name, Encoding.Utf8);
    if (!own.has(name + 'Buffer')) target[name + 'Buffer'] = commandMethod(name, Encoding.Buffer);
  }
  target.call = callMethod(Encoding.Utf8);
  target.callBuffer = callMethod(Encoding.Buffer);
  target.send_command = target.call;
}
