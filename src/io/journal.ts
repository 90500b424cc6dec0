// An append-only journal of JSON lines, each flushed to disk (fsync) before the caller goes on, so a
// process killed at any moment (even kill -9, or a power cut after the fsync) loses nothing that was
// confirmed. A last line cut off by the kill is detected on reopening and dropped; nothing else is
// ever rewritten.
import { promises as fs } from "node:fs";
import * as path from "node:path";

export interface OpenedJournal<T> {
  journal: Journal<T>;
  records: T[];
  /** The text of a torn last line that was dropped, if any. */
  dropped: string | null;
}

export class JournalError extends Error {
  constructor(readonly file: string, readonly line: number) {
    super(`${file}:${line}: not a complete record`);
    this.name = "JournalError";
  }
}

export class Journal<T> {
  private constructor(
    readonly file: string,
    private handle: fs.FileHandle,
  ) {}

  /**
   * Opens (or creates) a journal. Every complete line must be JSON, except that a last line that does not
   * parse, or lacks its newline, is what a kill in the middle of a write leaves: it is cut off the file.
   */
  static async open<T>(file: string): Promise<OpenedJournal<T>> {
    await fs.mkdir(path.dirname(file), { recursive: true });
    let text = "";
    let created = false;
    try {
      text = await fs.readFile(file, "utf8");
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
      created = true;
    }
    const records: T[] = [];
    let goodBytes = 0;
    let dropped: string | null = null;
    const lines = text.split("\n");
    // After the last "\n" comes either "" (a clean end) or the unfinished tail of a torn write.
    const tail = lines.pop() ?? "";
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      let value: T;
      try {
        value = JSON.parse(line) as T;
      } catch {
        if (i === lines.length - 1 && tail === "") { dropped = line; break; }
        throw new JournalError(file, i + 1);
      }
      records.push(value);
      goodBytes += Buffer.byteLength(line, "utf8") + 1;
    }
    if (tail !== "" && dropped === null) dropped = tail;
    if (dropped !== null) {
      const h = await fs.open(file, "r+");
      try { await h.truncate(goodBytes); await h.sync(); } finally { await h.close(); }
    }
    const handle = await fs.open(file, "a");
    if (created) await syncDir(path.dirname(file));
    return { journal: new Journal<T>(file, handle), records, dropped };
  }

  /** Appends one record and returns only once it is on disk. */
  async append(record: T): Promise<void> {
    // One write of the whole line: a kill can cut it short, never interleave it.
    await this.handle.write(JSON.stringify(record) + "\n");
    await this.handle.sync();
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}

/** Makes a newly created file's directory entry durable too. */
async function syncDir(dir: string): Promise<void> {
  let h: fs.FileHandle | undefined;
  try {
    h = await fs.open(dir, "r");
    await h.sync();
  } catch {
    // Some file systems cannot fsync a directory; the file's own fsync still holds its contents.
  } finally {
    await h?.close();
  }
}

/** Reads a journal without opening it for writing (for comparing with the other entry). */
export async function readJournal<T>(file: string): Promise<{ records: T[]; exists: boolean }> {
  let text: string;
  try {
    text = await fs.readFile(file, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return { records: [], exists: false };
    throw e;
  }
  const records: T[] = [];
  const lines = text.split("\n");
  const tail = lines.pop() ?? "";
  for (let i = 0; i < lines.length; i++) {
    try {
      records.push(JSON.parse(lines[i]!) as T);
    } catch {
      if (i === lines.length - 1 && tail === "") break;
      throw new JournalError(file, i + 1);
    }
  }
  return { records, exists: true };
}

/** A lock file holding the pid of the process entering into a journal, so two terminals cannot both write it. */
export async function lockJournal(file: string): Promise<{ release: () => Promise<void> } | { heldBy: number }> {
  const lock = `${file}.lock`;
  await fs.mkdir(path.dirname(file), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const h = await fs.open(lock, "wx");
      try { await h.writeFile(String(process.pid)); } finally { await h.close(); }
      return { release: () => fs.rm(lock, { force: true }) };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      const pid = Number((await fs.readFile(lock, "utf8").catch(() => "")).trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) return { heldBy: pid };
      // Left by a process that was killed: it holds nothing any more.
      await fs.rm(lock, { force: true });
    }
  }
  throw new Error(`无法取得录入锁 ${lock}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}
