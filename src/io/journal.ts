// An append-only journal of JSON lines, each flushed to disk (fsync) before the caller goes on, so a
// process killed at any moment (even kill -9, or a power cut after the fsync) loses nothing that was
// confirmed. An unterminated last line (cut off by the kill) is detected on reopening and dropped;
// nothing else is ever rewritten. And the other durable writes of the session day: whole files, synced.
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { error, InputError } from "../core/diagnostics.js";

/**
 * `mkdir -p`, each level tried once. Node's recursive mkdir retries for ever where a folder can never be
 * made under a parent that exists (`-o /proc/x` answers ENOENT), and the command hung.
 */
export async function makeFolder(dir: string): Promise<void> {
  const made = (e: unknown) => (e as NodeJS.ErrnoException).code === "EEXIST" ? fs.stat(dir).then((s) => { if (!s.isDirectory()) throw e; }) : Promise.reject(e);
  try {
    await fs.mkdir(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT" || path.dirname(dir) === dir) return made(e);
    await makeFolder(path.dirname(dir));
    await fs.mkdir(dir).catch(made);
  }
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
function parseJournal<T>(file: string, text: string, schema: RecordSchema<T>) {
  const lines = text.split("\n");
  // After the last "\n" comes either "" (a clean end) or the unfinished tail of a torn write.
  const tail = lines.pop() ?? "";
  const records = lines.map((line, i) => {
    let parsed: ReturnType<RecordSchema<T>["safeParse"]> = { success: false };
    try {
      parsed = schema.safeParse(JSON.parse(line));
    } catch {
      // Not JSON: the same damage as JSON that is not a record.
    }
    if (!parsed.success) throw new JournalError(file, i + 1);
    return parsed.data;
  });
  return { records, torn: tail === "" ? null : tail };
}

async function readIfThere(file: string): Promise<string | null> {
  try {
    return await fs.readFile(file, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw e;
  }
}

/** A record that could not be appended (a full disk…): what the journal held before it is kept. */
export class JournalWriteError extends Error {
  constructor(readonly file: string, readonly errno: string) {
    super(`${file}: cannot append (${errno})`);
    this.name = "JournalWriteError";
  }
}

export class Journal<T> {
  private constructor(private handle: fs.FileHandle, private file: string) {}

  /**
   * Opens (or creates) a journal. Every complete line must be a record of the schema; an unterminated last
   * line is what a kill in the middle of a write leaves: it is cut off the file, and returned as `dropped`.
   */
  static async open<T>(file: string, schema: RecordSchema<T>) {
    await makeFolder(path.dirname(file)).catch((e: unknown) => { throw writeFailure(path.dirname(file), e); });
    const text = await readIfThere(file);
    const { records, torn } = parseJournal(file, text ?? "", schema);
    if (torn !== null) {
      const h = await fs.open(file, "r+");
      try {
        await h.truncate(Buffer.byteLength(text!, "utf8") - Buffer.byteLength(torn, "utf8"));
        await h.sync();
      } finally {
        await h.close();
      }
    }
    const handle = await fs.open(file, "a").catch((e: unknown) => { throw writeFailure(file, e); });
    if (text === null) await syncDir(path.dirname(file));
    return { journal: new Journal<T>(handle, file), records, dropped: torn };
  }

  /** Appends one record and returns only once it is on disk. */
  async append(record: T): Promise<void> {
    // One write of the whole line: a kill can cut it short, never interleave it. A write cut short by a
    // full disk leaves the same torn line, dropped on reopening.
    const line = Buffer.from(JSON.stringify(record) + "\n");
    try {
      // A full disk can also take part of the line without an error: the next record would then run on
      // from that part, and the journal would be damaged mid-file instead of torn at its end.
      const { bytesWritten } = await this.handle.write(line);
      if (bytesWritten !== line.length) throw Object.assign(new Error("short write"), { code: "ENOSPC" });
      await this.handle.sync();
    } catch (e) {
      const errno = (e as NodeJS.ErrnoException).code;
      throw typeof errno === "string" ? new JournalWriteError(this.file, errno) : e;
    }
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}

/** Reads a journal without opening it for writing (for comparing with the other entry). */
export async function readJournal<T>(file: string, schema: RecordSchema<T>) {
  const text = await readIfThere(file);
  return { records: text === null ? [] : parseJournal(file, text, schema).records, exists: text !== null };
}

/** Writes a whole file and returns only once it is on disk (a failure is the caller's to word: writeFailure). */
export async function writeSynced(file: string, content: string | Uint8Array): Promise<void> {
  const h = await fs.open(file, "w");
  try {
    await h.writeFile(content);
    await h.sync();
  } finally {
    await h.close();
  }
}

/** A file-system failure while writing `file` (no permission, disk full…), told to the clerk (exit 1), not as an internal error. */
export function writeFailure(file: string, e: unknown): unknown {
  const errno = (e as NodeJS.ErrnoException | undefined)?.code;
  return typeof errno === "string" && !(e instanceof InputError) ? new InputError([error("E_WRITE_FILE", { file }, { errno })]) : e;
}

/** Makes a newly created (or renamed) file's directory entry durable too. */
export async function syncDir(dir: string): Promise<void> {
  const h = await fs.open(dir, "r").catch(() => undefined);
  try {
    await h?.sync();
  } catch {
    // Some file systems cannot fsync a directory; the file's own fsync still holds its contents.
  } finally {
    await h?.close();
  }
}

/** Who holds an entry lock: the pid, and (where /proc tells them) when that process started, in which boot. */
interface LockOwner {
  pid: number;
  /** Start time of the process in clock ticks since boot (/proc/<pid>/stat field 22). */
  start?: string;
  /** /proc/sys/kernel/random/boot_id: changes on every reboot. */
  boot?: string;
}

async function readProc(file: string): Promise<string | undefined> {
  return (await fs.readFile(file, "utf8").catch(() => undefined))?.trim();
}

const bootId = () => readProc("/proc/sys/kernel/random/boot_id");

async function processStart(pid: number): Promise<string | undefined> {
  const stat = await readProc(`/proc/${pid}/stat`);
  // The command name (field 2) is in parentheses and may hold spaces: count fields after its ")".
  return stat?.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
}

/** The owner written in a lock file: JSON, or (older locks) the pid alone; null for a lock we did not write. */
function parseOwner(text: string): LockOwner | null {
  const t = text.trim();
  if (/^\d+$/.test(t)) return { pid: Number(t) };
  let v: Partial<LockOwner>;
  try {
    v = Object(JSON.parse(t)) as Partial<LockOwner>;
  } catch {
    return null;
  }
  if (!Number.isInteger(v.pid) || v.pid! <= 0) return null;
  const { start, boot } = v;
  return { pid: v.pid!, ...(typeof start === "string" && { start }), ...(typeof boot === "string" && { boot }) };
}

/** Whether a process with this pid runs (one of another user's, which may not be signalled, does). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Whether the process that wrote a lock still runs. A pid alone can be reused (after a reboot, pids start
 * over), so where the lock records the boot and the start time, both must match the live process too.
 */
async function stillHeld(owner: LockOwner): Promise<boolean> {
  if (owner.pid === process.pid || !processAlive(owner.pid)) return false;
  const boot = owner.boot === undefined ? undefined : await bootId();
  const start = owner.start === undefined ? undefined : await processStart(owner.pid);
  return (boot === undefined || boot === owner.boot) && (start === undefined || start === owner.start);
}

type Lock = { release: () => Promise<void> } | { heldBy: number; lock: string };

/**
 * A lock file naming the process entering into a journal, so two terminals cannot both write it. A lock
 * left by a process that is gone (killed, or a power cut) is taken over.
 */
export async function lockJournal(file: string): Promise<Lock> {
  const lock = `${file}.lock`;
  await makeFolder(path.dirname(file)).catch((e: unknown) => { throw writeFailure(path.dirname(file), e); });
  const [start, boot] = [await processStart(process.pid), await bootId()];
  const me = JSON.stringify({ pid: process.pid, ...(start ? { start } : {}), ...(boot ? { boot } : {}) });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await fs.writeFile(lock, me, { flag: "wx" });
      // Once only: a second release, after another terminal has taken the journal, would remove its lock.
      let held = true;
      return { release: async () => { if (held) { held = false; await fs.rm(lock, { force: true }); } } };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") {
        // Created but not written (a full disk): an empty lock would only be taken over later; remove it now.
        await fs.rm(lock, { force: true }).catch(() => undefined);
        throw writeFailure(lock, e);
      }
      const owner = parseOwner(await fs.readFile(lock, "utf8").catch(() => ""));
      if (owner && (await stillHeld(owner))) return { heldBy: owner.pid, lock };
      await fs.rm(lock, { force: true });
    }
  }
  throw new Error(`无法取得录入锁 ${lock}`);
}
