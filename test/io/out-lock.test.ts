// Writers in one process share its pid, so a lock file holding this pid may belong to a writer of this
// process that has not finished taking it: it must never be taken for one a dead process left.
import { promises as fsp } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { writeOutputSet } from "../../src/io/files.js";
import { runCli, scratchCopy, SEEDS } from "../helpers.js";

/** Runs `writers` writers at once; each reads a counter with the lock held and writes it back one higher. */
async function countWithLock(out: string, writers: number): Promise<{ count: string; most: number }> {
  let holding = 0;
  let most = 0;
  await Promise.all(Array.from({ length: writers }, async (_, k) => {
    await new Promise((r) => setTimeout(r, k % 7));
    await writeOutputSet(out, [], [], {
      onStep: (step) => {
        if (step === "locked") most = Math.max(most, ++holding);
        if (step === "done") holding--;
      },
      complete: async () => {
        let count = 0;
        try { count = Number(await fs.readFile(path.join(out, "count.txt"), "utf8")); } catch { /* the first */ }
        return { files: [{ name: "count.txt", content: String(count + 1) }], remove: [] };
      },
    });
  }));
  return { count: await fs.readFile(path.join(out, "count.txt"), "utf8"), most };
}

describe("the out/ lock", () => {
  it("lets one writer at a time build from what out/ holds (40 writers in one process)", async () => {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), "piaojue-lock-"));
    try {
      const out = path.join(root, "out");
      expect(await countWithLock(out, 40)).toEqual({ count: "40", most: 1 });
      expect(await fs.readdir(out)).toEqual(["count.txt"]);
    } finally {
      await fs.rm(root, { recursive: true, force: true });
    }
  }, 60_000);

  it("is not taken from a writer of this process still closing the lock file it made (a slow disk)", async () => {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), "piaojue-lock-"));
    const open = fsp.open;
    // Closing a new lock file (after the pid is written) takes 60 ms, as it may on a busy disk.
    fsp.open = (async (...args: Parameters<typeof open>) => {
      const handle = await open(...args);
      if (args[1] === "wx" && String(args[0]).endsWith(".piaojue-lock")) {
        const close = handle.close.bind(handle);
        handle.close = async () => { await new Promise((r) => setTimeout(r, 60)); await close(); };
      }
      return handle;
    }) as typeof open;
    try {
      const out = path.join(root, "out");
      expect(await countWithLock(out, 6)).toEqual({ count: "6", most: 1 });
    } finally {
      fsp.open = open;
      await fs.rm(root, { recursive: true, force: true });
    }
  }, 60_000);

  it("check, which neither reads nor writes out/, does not wait for a live writer's lock and leaves it alone", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "township-2026"));
    const writer = spawn("sleep", ["30"]);
    try {
      const lock = path.join(dir, "out", ".piaojue-lock");
      await fs.mkdir(path.dirname(lock), { recursive: true });
      await fs.writeFile(lock, String(writer.pid));
      // Waiting would end, after 10 s, in E_OUT_BUSY (exit 1).
      const r = await runCli(["check", dir]);
      expect(r.code, r.stderr).toBe(0);
      expect(await fs.readFile(lock, "utf8")).toBe(String(writer.pid));
    } finally {
      writer.kill();
      await fs.rm(path.dirname(dir), { recursive: true, force: true });
    }
  });
});
