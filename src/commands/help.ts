/** addReplyHelp: the HELP reply of container commands (CONFIG HELP, CLIENT HELP, ...). */
import { type Reply, StatusReply } from '../reply.js';

export function helpReply(container: string, lines: readonly string[]): Reply {
  const out: Reply[] = [new StatusReply(`${container.toUpperCase()} <subcommand> [<arg> [value] [opt] ...]. Subcommands are:`)];
  for (const line of lines) out.push(new StatusReply(line));
  out.push(new StatusReply('HELP'), new StatusReply('    Prints this help.'));
  return out;
}
