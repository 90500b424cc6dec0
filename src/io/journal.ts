// An append-only journal of JSON lines, each flushed to disk (fsync) before the caller goes on, so a
// process killed at any moment (even kill -9, or a power cut after the fsync) loses nothing that was
// confirmed. An unterminated last line (cut off by the kill) is detected on reopening and dropped;
// nothing else is ever rewritten.
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

/** What every line of a journal must be (a zod schema fits). */
export interface RecordSchema<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false };
}

/**
 * A journal's text as records. Every line that ends in a newline was written whole (one write per record),
 * so it must be a record of the schema, or the file is damaged: JournalError, nothing guessed.
 * Only an unterminated last line can be the torn tail of a write that was never confirmed.
 */
function parseJournal<T>(file: string, text: string, schema: RecordSchema<T>): { records: T[]; goodBytes: number; torn: string | null } {
  const lines = text.split("\n");
  // After the last "\n" comes either "" (a clean end) or the unfinished tail of a torn write.
  const tail = lines.pop() ?? "";
  const records: T[] = [];
  let goodBytes = 0;
  for (let i = 0; i < lines.length; i++) {
    let value: unknown;
    try { value = JSON.parse(lines[i]!); } catch { throw new JournalError(file, i + 1); }
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw new JournalError(file, i + 1);
    records.push(parsed.data);
    goodBytes += Buffer.byteLength(lines[i]!, "utf8") + 1;
  }
  return { records, goodBytes, torn: tail === "" ? null : tail };
}

export class Journal<T> {
  private constructor(
    readonly file: string,
    private handle: fs.FileHandle,
  ) {}

  /**
   * Opens (or creates) a journal. Every complete line must be a record of the schema; an unterminated last
   * line is what a kill in the middle of a write leaves: it is cut off the file.
   */
  static async open<T>(file: string, schema: RecordSchema<T>): Promise<OpenedJournal<T>> {
    await fs.mkdir(path.dirname(file), { recursive: true });
    let text = "";
    let created = false;
    try {
      text = await fs.readFile(file, "utf8");
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
      created = true;
    }
    const { records, goodBytes, torn } = parseJournal(file, text, schema);
    if (torn !== null) {
      const h = await fs.open(file, "r+");
      try { await h.truncate(goodBytes); await h.sync(); } finally { await h.close(); }
    }
    const handle = await fs.open(file, "a");
    if (created) await syncDir(path.dirname(file));
    return { journal: new Journal<T>(file, handle), records, dropped: torn };
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
export async function readJournal<T>(file: string, schema: RecordSchema<T>): Promise<{ records: T[]; exists: boolean }> {
  let text: string;
  try {
    text = await fs.readFile(file, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return { records: [], exists: false };
    throw e;
  }
  return { records: parseJournal(file, text, schema).records, exists: true };
}

/** Who holds an entry lock: the pid, and where /proc tells them, when that process started and in which boot. */
interface LockOwner {
  pid: number;
  /** Start time of the process in clock ticks since boot (/proc/<pid>/stat field 22). */
  start?: string;
  /** /proc/sys/kernel/random/boot_id: changes on every reboot. */
  boot?: string;
}

async function readProc(file: string): Promise<string | undefined> {
  try { return (await fs.readFile(file, "utf8")).trim(); } catch { return undefined; }
}

async function processStart(pid: number): Promise<string | undefined> {
  const stat = await readProc(`/proc/${pid}/stat`);
  if (stat === undefined) return undefined;
  // The command name (field 2) is in parentheses and may hold spaces: count fields after its ")".
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
}

async function currentOwner(): Promise<LockOwner> {
  const [start, boot] = [await processStart(process.pid), await readProc("/proc/sys/kernel/random/boot_id")];
  return { pid: process.pid, ...(start ? { start } : {}), ...(boot ? { boot } : {}) };
}

/** The owner written in a lock file: JSON, or (older locks) the pid alone. */
function parseOwner(text: string): LockOwner | null {
  const t = text.trim();
  if (/^\d+$/.test(t)) return { pid: Number(t) };
  try {
    const v = JSON.parse(t) as Partial<LockOwner>;
    if (Number.isInteger(v.pid) && v.pid! > 0) return { pid: v.pid!, ...(typeof v.start === "string" ? { start: v.start } : {}), ...(typeof v.boot === "string" ? { boot: v.boot } : {}) };
  } catch { /* not a lock we wrote: nobody holds it */ }
  return null;
}

/**
 * Whether the process that wrote a lock still runs. A pid alone can be reused (after a reboot, pids start
 * over), so where the lock records the boot and the start time, both must match the live process too.
 */
async function stillHeld(owner: LockOwner): Promise<boolean> {
  if (owner.pid === process.pid || !isAlive(owner.pid)) return false;
  if (owner.boot !== undefined) {
    const boot = await readProc("/proc/sys/kernel/random/boot_id");
    if (boot !== undefined && boot !== owner.boot) return false;
  }
  if (owner.start !== undefined) {
    const start = await processStart(owner.pid);
    if (start !== undefined && start !== owner.start) return false;
  }
  return true;
}

/**
 * A lock file naming the process entering into a journal, so two terminals cannot both write it. A lock
 * left by a process that is gone (killed, or a power cut) is taken over.
 */
export async function lockJournal(file: string): Promise<{ release: () => Promise<void> } | { heldBy: number; lock: string }> {
  const lock = `${file}.lock`;
  await fs.mkdir(path.dirname(file), { recursive: true });
  const me = JSON.stringify(await currentOwner());
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const h = await fs.open(lock, "wx");
      try { await h.writeFile(me); } finally { await h.close(); }
      return { release: () => fs.rm(lock, { force: true }) };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      const owner = parseOwner(await fs.readFile(lock, "utf8").catch(() => ""));
      if (owner && (await stillHeld(owner))) return { heldBy: owner.pid, lock };
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
