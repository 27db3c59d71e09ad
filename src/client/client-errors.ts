/** Client-side error classes ioredis uses besides plain Errors (from redis-errors and ioredis). */

/** A command that was written but could not complete because the connection closed under it. */
export class AbortError extends Error {
  override get name(): string {
    return 'AbortError';
  }
}

/** Commands flushed after `maxRetriesPerRequest` reconnection attempts. */
export class MaxRetriesPerRequestError extends AbortError {
  constructor(maxRetriesPerRequest: number) {
    super(
      `Reached the max retries per request limit (which is ${maxRetriesPerRequest}). Refer to "maxRetriesPerRequest" option for details.`,
    );
  }
  override get name(): string {
    return 'MaxRetriesPerRequestError';
  }
}

export const COMMAND_ABORTED = 'Command aborted due to connection close';
