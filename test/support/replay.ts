/**
 * Offline replay: recorded oracle transcripts (test/fixtures/transcripts/<group>.json, written by
 * `npm run record`) replayed against the stub, with the same normalizers as live runs.
 *
 * A transcript entry is `{ commands, conns?, at, replies }`: a concrete program (pseudo-commands
 * included, `conns[i] === 1` for the second connection), the wall-clock time the oracle ran it
 * (the stub's clock starts there, so deadlines read alike), and the oracle's replies in the
 * lossless JSON form of test/support/reply-json.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { Mismatch } from './differential.js';
import type { Program } from './model.js';
import { compareRun, programOf } from './model-check.js';
import { runProgramOnStub } from './model-run.js';
import { fromJson, type JsonReply } from './reply-json.js';

export interface TranscriptEntry {
  commands: string[][];
  conns?: number[];
  /** Where it came from (a generator group, the corpus, a counterexample); free text. */
  note?: string;
  at: number;
  replies: JsonReply[];
}

export const TRANSCRIPTS_DIR = new URL('../fixtures/transcripts/', import.meta.url);

/** Every transcript file by name (without .json). */
export function loadTranscripts(): Map<string, TranscriptEntry[]> {
  const out = new Map<string, TranscriptEntry[]>();
  let files: string[] = [];
  try {
    files = readdirSync(TRANSCRIPTS_DIR).filter((f) => f.endsWith('.json')).sort();
  } catch {
    return out;
  }
  for (const f of files) out.set(f.slice(0, -'.json'.length), JSON.parse(readFileSync(new URL(f, TRANSCRIPTS_DIR), 'utf8')) as TranscriptEntry[]);
  return out;
}

/** Replays one entry on a fresh stub; the first normalized difference, if any. */
export function replayEntry(entry: TranscriptEntry): { program: Program; mismatch: Mismatch | undefined } {
  const program = programOf(entry);
  if (entry.replies.length !== program.length) throw new Error(`transcript entry has ${program.length} commands but ${entry.replies.length} replies`);
  const stub = runProgramOnStub(program, { startMs: entry.at }).replies;
  return { program, mismatch: compareRun(program, stub, entry.replies.map(fromJson)) };
}
