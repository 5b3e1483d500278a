import { mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Work } from '../workflows/inputs.js';
import { readIfThere, writeFileDurably } from './durable-file.js';

/**
 * The local hand-over's memory: every piece of work a door accepted, on disk before the door answers, until
 * the writer has applied it. Replayed when the stack starts again, so a crash (even `kill -9`) between a 202
 * and the sheet write loses nothing; the writer recognises what it already applied, so a replay is safe.
 */
export interface Journal {
  /** What was accepted and not yet applied, oldest first. */
  pending(): Promise<{ key: string; work: Work }[]>;
  /** Resolves once the work is flushed to the disk: only then may the door answer. */
  put(key: string, work: Work): Promise<void>;
  /** The work is applied and will not be replayed (flushed with the next put; a lost mark only replays it). */
  done(key: string): Promise<void>;
}

type Line = { put: string; work: Work } | { done: string };
type Batch = { text: string[]; flushed: Promise<void> };

/** When the file holds this many lines, it is rewritten with only what is pending. */
const COMPACT_AFTER_LINES = 5_000;

/** A journal as a JSON-lines file (beside the local workbook), flushed with fsync, compacted as it grows. */
export function createFileJournal(file: string): Journal {
  let lines = 0;
  let loaded: Promise<Map<string, Work>> | undefined;
  /** Lines waiting for the next flush: many puts share one fsync. */
  let next: Batch | undefined;
  let flushing: Promise<void> = Promise.resolve();
  /** What is accepted and not applied, as the file says once loaded. */
  const open_ = new Map<string, Work>();

  function load(): Promise<Map<string, Work>> {
    loaded ??= (async () => {
      const text = (await readIfThere(file)) ?? '';
      for (const raw of text.split('\n')) {
        if (!raw.trim()) continue;
        let line: Line;
        try {
          line = JSON.parse(raw) as Line;
        } catch {
          continue; // a line torn by a crash was never flushed, so never answered: nothing was promised
        }
        if ('put' in line) open_.set(line.put, line.work);
        else open_.delete(line.done);
      }
      await compact();
      return open_;
    })();
    return loaded;
  }

  async function compact(): Promise<void> {
    const text = [...open_].map(([key, work]) => `${JSON.stringify({ put: key, work })}\n`).join('');
    await writeFileDurably(file, text);
    lines = open_.size;
  }

  /** Appends `line`; resolves once it is on the disk. Lines added while a flush runs share the next one. */
  function add(line: Line): Promise<void> {
    if (!next) {
      const batch: Batch = { text: [], flushed: Promise.resolve() };
      batch.flushed = flushing.then(() => flush(batch));
      flushing = batch.flushed.catch(() => undefined);
      next = batch;
    }
    next.text.push(`${JSON.stringify(line)}\n`);
    return next.flushed;
  }

  async function flush(batch: Batch): Promise<void> {
    if (next === batch) next = undefined; // lines added from now on go in the next flush
    await mkdir(dirname(file), { recursive: true });
    const handle = await open(file, 'a');
    try {
      await handle.appendFile(batch.text.join(''));
      await handle.sync();
    } finally {
      await handle.close();
    }
    lines += batch.text.length;
    if (lines > COMPACT_AFTER_LINES) await compact();
  }

  return {
    async pending() {
      return [...(await load())].map(([key, work]) => ({ key, work }));
    },
    async put(key, work) {
      await load();
      open_.set(key, work);
      await add({ put: key, work });
    },
    async done(key) {
      await load();
      if (!open_.delete(key)) return;
      await add({ done: key });
    },
  };
}

/** A journal in memory: what the hand-over uses when no file is given (tests). */
export function createMemoryJournal(): Journal & { entries: Map<string, Work> } {
  const entries = new Map<string, Work>();
  return {
    entries,
    async pending() {
      return [...entries].map(([key, work]) => ({ key, work }));
    },
    async put(key, work) {
      entries.set(key, work);
    },
    async done(key) {
      entries.delete(key);
    },
  };
}
