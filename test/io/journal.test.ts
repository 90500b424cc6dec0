// The entry journal: appended records survive reopening; a torn last line is dropped and cut off the file;
// damage in the middle is refused, never guessed around.
import { existsSync, promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { InputError } from "../../src/core/diagnostics.js";
import { z } from "zod";
import { Journal, JournalError, JournalWriteError, lockJournal, readJournal } from "../../src/io/journal.js";

const temporary: string[] = [];
afterAll(async () => { await Promise.all(temporary.map((d) => fs.rm(d, { recursive: true, force: true }))); });

async function tempFile(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "piaojue-journal-"));
  temporary.push(dir);
  return path.join(dir, "entry", "j.jsonl");
}

const N = z.strictObject({ n: z.number() });

describe("Journal", () => {
  it("creates the file (and its folder) and keeps every appended record across reopening", async () => {
    const file = await tempFile();
    const a = await Journal.open(file, N);
    expect(a.records).toEqual([]);
    await a.journal.append({ n: 1 });
    await a.journal.append({ n: 2 });
    await a.journal.close();
    const b = await Journal.open(file, N);
    expect(b.records).toEqual([{ n: 1 }, { n: 2 }]);
    expect(b.dropped).toBeNull();
    await b.journal.append({ n: 3 });
    await b.journal.close();
    expect(await fs.readFile(file, "utf8")).toBe('{"n":1}\n{"n":2}\n{"n":3}\n');
  });

  it("drops a last line cut off by a kill, truncates it away, and appends cleanly after", async () => {
    const file = await tempFile();
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, '{"n":1}\n{"n":2}\n{"n":3,"mar');
    const j = await Journal.open(file, N);
    expect(j.records).toEqual([{ n: 1 }, { n: 2 }]);
    expect(j.dropped).toBe('{"n":3,"mar');
    await j.journal.append({ n: 4 });
    await j.journal.close();
    expect(await fs.readFile(file, "utf8")).toBe('{"n":1}\n{"n":2}\n{"n":4}\n');
  });

  it("drops an unterminated tail of garbage (a power cut mid-write), but refuses any complete line that is not a record", async () => {
    const file = await tempFile();
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, '{"n":1}\n\u0000\u0000\u0000');
    const j = await Journal.open(file, N);
    expect(j.records).toEqual([{ n: 1 }]);
    expect(j.dropped).not.toBeNull();
    await j.journal.close();
    // A line with its newline was written whole: garbage there is damage, wherever it is, even last.
    for (const text of ['{"n":1}\ngarbage\n{"n":3}\n', '{"n":1}\n\u0000\u0000\u0000\n', '{"n":1}\n{"n":2,"mar\n']) {
      await fs.writeFile(file, text);
      await expect(Journal.open(file, N)).rejects.toThrow(JournalError);
      await expect(readJournal(file, N)).rejects.toThrow(JournalError);
      expect(await fs.readFile(file, "utf8")).toBe(text);
    }
  });

  it("refuses a complete line that is JSON but not a record of the schema (null, 1, {}), naming its line", async () => {
    const file = await tempFile();
    await fs.mkdir(path.dirname(file), { recursive: true });
    for (const bad of ["null", "1", "{}", '{"n":"1"}', '{"n":1,"x":2}']) {
      const text = `{"n":1}\n${bad}\n`;
      await fs.writeFile(file, text);
      const e = await Journal.open(file, N).catch((x: unknown) => x);
      expect(e, bad).toBeInstanceOf(JournalError);
      expect((e as JournalError).line).toBe(2);
      await expect(readJournal(file, N)).rejects.toThrow(JournalError);
      expect(await fs.readFile(file, "utf8")).toBe(text);
    }
  });

  it("readJournal reads without changing the file; a missing file is an empty journal", async () => {
    const file = await tempFile();
    expect(await readJournal(file, N)).toEqual({ records: [], exists: false });
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, '{"n":1}\n{"n":2');
    expect(await readJournal(file, N)).toEqual({ records: [{ n: 1 }], exists: true });
    expect(await fs.readFile(file, "utf8")).toBe('{"n":1}\n{"n":2');
  });

  it("a lock held by a live process refuses a second writer; one left by a dead process is taken over", async () => {
    const file = await tempFile();
    await fs.mkdir(path.dirname(file), { recursive: true });
    // pid 1 is always alive (and not this process).
    await fs.writeFile(`${file}.lock`, "1");
    expect(await lockJournal(file)).toMatchObject({ heldBy: 1 });
    await fs.writeFile(`${file}.lock`, "999999999");
    const lock = await lockJournal(file);
    expect("release" in lock).toBe(true);
    if ("release" in lock) await lock.release();
    await expect(fs.access(`${file}.lock`)).rejects.toThrow();
  });

  it("a release removes only its own lock: said again after another terminal took the journal, it leaves that one's lock", async () => {
    const file = await tempFile();
    const lock = await lockJournal(file);
    if (!("release" in lock)) throw new Error("not locked");
    await lock.release();
    // Another terminal (pid 1 stands for it: always alive) takes the journal in between.
    await fs.writeFile(`${file}.lock`, "1");
    await lock.release();
    expect(await fs.readFile(`${file}.lock`, "utf8")).toBe("1");
    expect(await lockJournal(file)).toMatchObject({ heldBy: 1 });
  });

  it.skipIf(!existsSync("/proc/1/stat"))("a lock whose pid now belongs to another process (reused after a reboot) is taken over; the live owner's is not", async () => {
    const file = await tempFile();
    const lockFile = `${file}.lock`;
    await fs.mkdir(path.dirname(file), { recursive: true });
    const stat = await fs.readFile("/proc/1/stat", "utf8");
    const start = stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19]!;
    const boot = (await fs.readFile("/proc/sys/kernel/random/boot_id", "utf8")).trim();
    // pid 1 is alive, so only the start time or the boot can tell the lock is stale.
    await fs.writeFile(lockFile, JSON.stringify({ pid: 1, start: String(Number(start) + 1), boot }));
    const reused = await lockJournal(file);
    expect("release" in reused).toBe(true);
    if ("release" in reused) await reused.release();
    await fs.writeFile(lockFile, JSON.stringify({ pid: 1, start, boot: "00000000-0000-0000-0000-000000000000" }));
    const rebooted = await lockJournal(file);
    expect("release" in rebooted).toBe(true);
    if ("release" in rebooted) await rebooted.release();
    await fs.writeFile(lockFile, JSON.stringify({ pid: 1, start, boot }));
    expect(await lockJournal(file)).toEqual({ heldBy: 1, lock: lockFile });
  });

  it("writes its own pid, start time and boot into the lock, and the release removes it", async () => {
    const file = await tempFile();
    const lock = await lockJournal(file);
    const owner = JSON.parse(await fs.readFile(`${file}.lock`, "utf8"));
    expect(owner.pid).toBe(process.pid);
    if (await fs.access("/proc/self/stat").then(() => true, () => false)) expect(owner).toMatchObject({ start: expect.stringMatching(/^\d+$/), boot: expect.any(String) });
    if ("release" in lock) await lock.release();
    await expect(fs.access(`${file}.lock`)).rejects.toThrow();
  });
});

describe("lockJournal on a full disk", () => {
  it("leaves no empty lock behind when the lock file is made but its contents cannot be written", async () => {
    const file = await tempFile();
    const writeFile = fs.writeFile;
    const spy = vi.spyOn(fs, "writeFile").mockImplementation((async (p: string, _data: unknown, o: unknown) => {
      await writeFile(p, "", o as { flag: string });
      throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
    }) as typeof fs.writeFile);
    const e = await lockJournal(file).catch((x: unknown) => x);
    spy.mockRestore();
    expect((e as InputError).diagnostics[0]).toMatchObject({ code: "E_WRITE_FILE", params: { errno: "ENOSPC" } });
    expect(existsSync(`${file}.lock`)).toBe(false);
  });
});

describe("Journal.append on a full disk", () => {
  it("refuses a record the disk took only part of, so no later record runs on from the part", async () => {
    const file = await tempFile();
    const { journal } = await Journal.open(file, N);
    await journal.append({ n: 1 });
    const handle = (journal as unknown as { handle: { write: (b: Buffer) => Promise<{ bytesWritten: number }> } }).handle;
    const write = handle.write.bind(handle);
    // The kernel writes what fits and reports it; no error until the next write.
    const spy = vi.spyOn(handle, "write").mockImplementationOnce(async (b: Buffer) => write(b.subarray(0, 3)));
    const e = await journal.append({ n: 2 }).catch((x: unknown) => x);
    spy.mockRestore();
    await journal.close();
    expect(e).toBeInstanceOf(JournalWriteError);
    expect(e).toMatchObject({ errno: "ENOSPC" });
    // Reopened, the part is a torn last line: dropped, and record 1 is all there is.
    const again = await Journal.open(file, N);
    expect(again.records).toEqual([{ n: 1 }]);
    expect(again.dropped).not.toBeNull();
    await again.journal.close();
  });
});
