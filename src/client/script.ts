/**
 * Custom commands backed by a Lua script: `redis.defineCommand(name, { lua, numberOfKeys, readOnly })`
 * and the `scripts` option, as ioredis 5 (lib/Script.ts, Commander.defineCommand).
 *
 * What goes on the wire is ioredis's, call for call: each call is built as EVALSHA; the first time
 * it is written on a connection it goes out as EVAL with the source instead, and later ones as
 * EVALSHA. A NOSCRIPT reply forgets the connection and the call is sent again (as EVAL) from the
 * client, outside any pipeline it came from, so callers never see NOSCRIPT; inside MULTI the reply
 * is QUEUED and a NOSCRIPT in EXEC's items stays there, as with ioredis. `readOnly` only marks the
 * command read-only (ioredis uses it to route reads in a cluster): it is still EVAL/EVALSHA, never
 * EVAL_RO.
 */
import { createHash } from 'node:crypto';
import type { Bytes } from '../bytes.js';
import { asCallback, type Callback } from './callback.js';
import { Command, type CommandOptions } from './command.js';

export interface ScriptDefinition {
  lua: string | Buffer;
  numberOfKeys?: number | null;
  readOnly?: boolean;
}

/** What a script sends through: a client, or a pipeline (whose `redis` takes the NOSCRIPT resend). */
export interface ScriptContainer {
  options: { keyPrefix?: string | Buffer; showFriendlyErrorStack?: boolean };
  isPipeline?: boolean;
  redis?: ScriptContainer;
  sendCommand(command: Command): unknown;
}

/** A client or pipeline that can define script commands on itself. */
export interface ScriptHost extends ScriptContainer {
  scriptsSet: Record<string, Script>;
  [method: string]: unknown;
}

export class Script {
  readonly sha: string;
  /** EVALSHA-then-EVAL commands of this script, remembering the connections it was written on. */
  readonly Command: typeof Command;

  constructor(
    readonly lua: string | Buffer,
    readonly numberOfKeys: number | null = null,
    readonly keyPrefix: string | Buffer = '',
    readonly readOnly = false,
  ) {
    const sha = createHash('sha1').update(lua).digest('hex');
    this.sha = sha;
    // Keyed by the Session a command is written on (ioredis keys it by socket): a reconnect is a
    // new session, so the script goes out as EVAL again there.
    const socketHasScriptLoaded = new WeakSet<object>();
    this.Command = class CustomScriptCommand extends Command {
      override writeArgv(socket: object | undefined): Bytes[] {
        const origReject = this.reject;
        this.reject = (err: Error) => {
          if (socket !== undefined && err.message.indexOf('NOSCRIPT') !== -1) socketHasScriptLoaded.delete(socket);
          origReject.call(this, err);
        };
        // No session means the write fails anyway (connection closed): nothing to remember.
        if (socket === undefined || !socketHasScriptLoaded.has(socket)) {
          if (socket !== undefined) socketHasScriptLoaded.add(socket);
          this.name = 'eval';
          this.args[0] = lua;
        } else if (this.name === 'eval') {
          this.name = 'evalsha';
          this.args[0] = sha;
        }
        return super.writeArgv(socket);
      }
    };
  }

  /** One call: `args` as the caller gave them (numkeys first unless `numberOfKeys` is set). */
  execute(container: ScriptContainer, args: unknown[], options: CommandOptions, callback?: Callback): unknown {
    if (typeof this.numberOfKeys === 'number') args.unshift(this.numberOfKeys);
    if (this.keyPrefix) options.keyPrefix = this.keyPrefix;
    if (this.readOnly) options.readOnly = true;
    const evalsha = new this.Command('evalsha', [this.sha, ...args], options);
    evalsha.promise = evalsha.promise.catch((err: Error) => {
      if (err.message.indexOf('NOSCRIPT') === -1) throw err;
      // A fresh command: written on a connection that now lacks the script, it goes out as EVAL.
      const resend = new this.Command('evalsha', [this.sha, ...args], options);
      const client = container.isPipeline ? container.redis! : container;
      return client.sendCommand(resend);
    });
    asCallback(evalsha.promise, callback);
    return container.sendCommand(evalsha);
  }
}

/** ioredis's generateScriptingFunction: a trailing function is the callback; never auto-pipelined here. */
function scriptMethod(script: Script, encoding: BufferEncoding | null) {
  return function (this: ScriptContainer, ...args: unknown[]): unknown {
    const callback = typeof args[args.length - 1] === 'function' ? (args.pop() as Callback) : undefined;
    const options: CommandOptions = { replyEncoding: encoding };
    if (this.options.showFriendlyErrorStack) options.errorStack = new Error();
    return script.execute(this, args, options, callback);
  };
}

/** Commander.defineCommand: `name` (utf8 replies) and `nameBuffer` (Buffer replies) on `host`. */
export function defineCommand(host: ScriptHost, name: string, definition: ScriptDefinition): void {
  // The prefix is the one the host has now, as ioredis captures it when the command is defined.
  const script = new Script(definition.lua, definition.numberOfKeys ?? null, host.options.keyPrefix, definition.readOnly);
  host.scriptsSet[name] = script;
  host[name] = scriptMethod(script, 'utf8');
  host[name + 'Buffer'] = scriptMethod(script, null);
}
