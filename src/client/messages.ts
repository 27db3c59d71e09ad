/** Client-side failure texts, exactly as ioredis words them (these are plain Errors, not replies). */
export const CONNECTION_CLOSED = 'Connection is closed.';
export const OFFLINE_QUEUE_DISABLED = "Stream isn't writeable and enableOfflineQueue options is false";
export const ALREADY_CONNECTING = 'Redis is already connecting/connected';
export const PIPELINE_ALREADY_EXECUTED =
  'Pipeline cannot be used to send any commands when the `exec()` has been called on it.';
