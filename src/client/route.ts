/** How the client sends a command in its current state (ioredis's sendCommand decisions). */
export const enum Route {
  /** Execute it on the session now and settle it now. */
  Now,
  /**
   * The connection is still coming up: execute it now (call order is execution order) but settle
   * it once `ready` has been emitted, as a real client answers it only after its handshake.
   */
  Early,
  /** Hold it in the offline queue until the connection is ready again. */
  Queue,
  /** `quit` while offline: ioredis disconnects locally and answers OK. */
  QuitLocally,
}
