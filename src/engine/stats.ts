/** Counters behind INFO's stats section; CONFIG RESETSTAT zeroes them. */
export class Stats {
  totalCommands = 0;
  totalConnections = 0;
  keyspaceHits = 0;
  keyspaceMisses = 0;
  expiredKeys = 0;
  expiredStalePerc = 0;
  expiredTimeCapReached = 0;
  evictedKeys = 0;
  rejectedCalls = 0;
  errorReplies = 0;

  reset(): void {
    Object.assign(this, new Stats());
  }
}
