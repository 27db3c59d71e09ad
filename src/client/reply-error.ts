/**
 * The error a command's promise rejects with when the server answers with an error reply, as
 * `redis-errors`' ReplyError that ioredis uses: `name` is 'ReplyError', `message` is the server's
 * text verbatim, and the only own enumerable property is `command: { name, args }`.
 */
export class ReplyError extends Error {
  /** The command that failed, with its final arguments (after flattening, stringifying, prefixing). */
  declare command?: { name: string; args: unknown[] };

  constructor(message: string) {
    // redis-errors keeps reply errors cheap: a two-frame stack.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 2;
    super(message);
    Error.stackTraceLimit = limit;
  }

  // A getter on the prototype, as redis-errors: no own `name` property shows up in the error.
  override get name(): string {
    return 'ReplyError';
  }
}
