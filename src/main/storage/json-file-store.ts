/**
 * A KeyValueStore over one JSON file, for the CLI (the app uses electron-store). Each `set` is durable when it
 * returns: the whole file is written to a temporary file, fsynced and renamed over the old one, so a crash leaves
 * either the old or the new content, never half of each. The alert ledger relies on this.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { KeyValueStore } from '../core/ports';

/** Large enough for a 20,000-entry ledger; a file past it is refused rather than grown without end. */
export const DEFAULT_MAX_BYTES = 8 * 1024 * 1024;

export interface JsonFileStoreOptions {
  maxBytes?: number;
  /** For the name of a file moved aside. */
  now?: () => number;
  /** Test-only: runs once the new content is durable in the temporary file, before it replaces the old file. */
  beforeCommit?: () => void;
}

/** A JSON-file KeyValueStore; `notice` says when an unreadable file was moved aside at open. */
export class JsonFileStore implements KeyValueStore {
  readonly path: string;
  /** A sentence for people when the file could not be read and was kept under another name, else `null`. */
  readonly notice: string | null;
  private data: Record<string, unknown>;
  private readonly maxBytes: number;
  private readonly beforeCommit: (() => void) | undefined;

  constructor(path: string, options: JsonFileStoreOptions = {}) {
    this.path = path;
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
    this.beforeCommit = options.beforeCommit;
    const opened = open(path, this.maxBytes, options.now ?? Date.now);
    this.data = opened.data;
    this.notice = opened.notice;
  }

  get(key: string): unknown {
    const value = this.data[key];
    // Callers get their own copy, as from a file: changing it must not change what is stored.
    return value === undefined ? undefined : structuredClone(value);
  }

  set(key: string, value: unknown): void {
    if (value === undefined) {
      this.delete(key);
      return;
    }
    const next = { ...this.data, [key]: JSON.parse(JSON.stringify(value)) as unknown };
    this.write(next);
    this.data = next;
  }

  delete(key: string): void {
    if (!(key in this.data)) return;
    const next = { ...this.data };
    delete next[key];
    this.write(next);
    this.data = next;
  }

  private write(next: Record<string, unknown>): void {
    const text = `${JSON.stringify(next, null, 2)}\n`;
    const bytes = Buffer.byteLength(text);
    if (bytes > this.maxBytes) {
      throw new Error(`${this.path} would grow to ${bytes} bytes, past its ${this.maxBytes}-byte limit`);
    }
    writeAtomically(this.path, text, this.beforeCommit);
  }
}

/** Writes `text` to `path` via a fsynced temporary file and a rename. */
export function writeAtomically(path: string, text: string, beforeCommit?: () => void): void {
  const directory = dirname(path);
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  const temporary = join(directory, `.${basename(path)}.${process.pid}.tmp`);
  const fd = openSync(temporary, 'w', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  beforeCommit?.();
  try {
    renameSync(temporary, path);
  } catch (error) {
    try {
      unlinkSync(temporary);
    } catch {
      // Nothing left to clean up.
    }
    throw error;
  }
  syncDirectory(directory);
}

function syncDirectory(directory: string): void {
  // The rename is durable only once the directory entry is; some platforms cannot open a directory, which is fine.
  try {
    const fd = openSync(directory, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Best effort.
  }
}

function open(
  path: string,
  maxBytes: number,
  now: () => number,
): { data: Record<string, unknown>; notice: string | null } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { data: {}, notice: null };
    throw error;
  }
  let problem: string | null = null;
  let data: Record<string, unknown> = {};
  if (Buffer.byteLength(text) > maxBytes) {
    problem = `it is larger than ${maxBytes} bytes`;
  } else {
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) data = parsed as Record<string, unknown>;
      else problem = 'it does not hold a JSON object';
    } catch {
      problem = 'it is not valid JSON';
    }
  }
  if (problem === null) return { data, notice: null };
  const aside = `${path}.corrupt-${new Date(now()).toISOString().replace(/[:.]/g, '-')}`;
  renameSync(path, aside);
  return { data: {}, notice: `${path} could not be read (${problem}); it was kept as ${aside} and a new file started` };
}
