/** INFO commandstats for one command. */
export interface CommandStat {
  calls: number;
  /** Calls that answered an error. */
  failed: number;
  /** Calls refused before running (arity, NOAUTH, ...). */
  rejected: number;
}

/** Redis stops tracking new error codes past this many (ERROR_STATS_NUMBER). */
const MAX_ERROR_CODES = 128;

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

  /** INFO commandstats, by full command name (`get`, `config|set`). */
  commands = new Map<string, CommandStat>();
  /** INFO errorstats: error replies counted by their code (`ERR`, `WRONGTYPE`, ...). */
  errors = new Map<string, number>();

  command(command: { fullName: string; id: number }): CommandStat {
    let stat = this.byCommandId[command.id];
    if (stat === undefined) {
      stat = { calls: 0, failed: 0, rejected: 0 };
      this.byCommandId[command.id] = stat;
      this.commands.set(command.fullName, stat);
    }
    return stat;
  }

  /** The same records as `commands`, by Command.id: the per-call lookup is an array read. */
  private byCommandId: (CommandStat | undefined)[] = [];

  /** Counts an error reply under its code: the text before the first space (within 32 bytes), else ERR. */
  countError(message: string): void {
    const space = message.indexOf(' ');
    const code = space >= 0 && space < 32 ? message.slice(0, space) : 'ERR';
    const n = this.errors.get(code);
    if (n !== undefined) this.errors.set(code, n + 1);
    else if (this.errors.size < MAX_ERROR_CODES) this.errors.set(code, 1);
  }

  reset(): void {
    Object.assign(this, new Stats());
  }
}
