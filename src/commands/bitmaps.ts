/** Bitmap commands (Redis's bitops.c). */
import type { CommandDef } from './spec.js';

export const bitmapCommands: CommandDef[] = [];
