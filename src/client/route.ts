/** How the client sends a command in its current state (ioredis's sendCommand decisions). */
export const enum Route {
  /** Execute it on the session now. */
  Now,
  /** Hold it in the offline queue until the connection is ready again. */
  Queue,
  /** `quit` while offline: ioredis disconnects locally and answers OK. */
  QuitLocally,
}
