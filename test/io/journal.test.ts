// The entry journal: appended records survive reopening; a torn last line is dropped and cut off the file;
// damage in the middle is refused, never guessed around.
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { Journal, JournalError, lockJournal, readJournal } from "../../src/io/journal.js";

async function tempFile(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "piaojue-journal-"));
  return path.join(dir, "entry", "j.jsonl");
}

describe("Journal", () => {
  it("creates the file (and its folder) and keeps every appended record across reopening", async () => {
    const file = await tempFile();
    const a = await Journal.open<{ n: number }>(file);
    expect(a.records).toEqual([]);
    await a.journal.append({ n: 1 });
    await a.journal.append({ n: 2 });
    await a.journal.close();
    const b = await Journal.open<{ n: number }>(file);
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
    const j = await Journal.open<{ n: number }>(file);
    expect(j.records).toEqual([{ n: 1 }, { n: 2 }]);
    expect(j.dropped).toBe('{"n":3,"mar');
    await j.journal.append({ n: 4 });
    await j.journal.close();
    expect(await fs.readFile(file, "utf8")).toBe('{"n":1}\n{"n":2}\n{"n":4}\n');
  });

  it("drops a last line with its newline whose bytes are garbage (a power cut), but not a bad line in the middle", async () => {
    const file = await tempFile();
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, '{"n":1}\n\u0000\u0000\u0000\n');
    const j = await Journal.open<{ n: number }>(file);
    expect(j.records).toEqual([{ n: 1 }]);
    expect(j.dropped).not.toBeNull();
    await j.journal.close();
    await fs.writeFile(file, '{"n":1}\ngarbage\n{"n":3}\n');
    await expect(Journal.open(file)).rejects.toThrow(JournalError);
    await expect(readJournal(file)).rejects.toThrow(JournalError);
  });

  it("readJournal reads without changing the file; a missing file is an empty journal", async () => {
    const file = await tempFile();
    expect(await readJournal(file)).toEqual({ records: [], exists: false });
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, '{"n":1}\n{"n":2');
    expect(await readJournal(file)).toEqual({ records: [{ n: 1 }], exists: true });
    expect(await fs.readFile(file, "utf8")).toBe('{"n":1}\n{"n":2');
  });

  it("a lock held by a live process refuses a second writer; one left by a dead process is taken over", async () => {
    const file = await tempFile();
    await fs.mkdir(path.dirname(file), { recursive: true });
    // pid 1 is always alive (and not this process).
    await fs.writeFile(`${file}.lock`, "1");
    expect(await lockJournal(file)).toEqual({ heldBy: 1 });
    await fs.writeFile(`${file}.lock`, "999999999");
    const lock = await lockJournal(file);
    expect("release" in lock).toBe(true);
    if ("release" in lock) await lock.release();
    await expect(fs.access(`${file}.lock`)).rejects.toThrow();
  });
});
