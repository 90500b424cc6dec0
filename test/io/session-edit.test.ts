// enter --present / --issued rewrite session.json through a temporary file renamed over it: one left by a
// run killed before its rename (a process now gone) is removed by the next rewrite; a live one's is not.
// Likewise the ballots.csv an entry was writing.
import { spawnSync } from "node:child_process";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { rewriteSession } from "../../src/io/session-edit.js";
import { FIXTURES, runCli, scratchCopy, SEEDS } from "../helpers.js";

describe("rewriteSession", () => {
  it("removes a session.json.tmp-PID a killed rewrite left, and keeps a live process's", async () => {
    const dir = await scratchCopy(path.join(FIXTURES, "bad", "base"));
    const dead = spawnSync("sh", ["-c", "printf %s $$"], { encoding: "utf8" }).stdout;
    await fs.writeFile(path.join(dir, `session.json.tmp-${dead}`), "{}");
    await fs.writeFile(path.join(dir, `session.json.tmp-${process.ppid}`), "{}");
    const r = await rewriteSession(dir, (s) => { (s["deputies"] as Record<string, unknown>)["present"] = 9; });
    expect(r.diagnostics).toEqual([]);
    const left = (await fs.readdir(dir)).filter((n) => n.startsWith("session.json.tmp-"));
    expect(left).toEqual([`session.json.tmp-${process.ppid}`]);
  });

  it("enter removes a ballots.csv.tmp-PID (or counts-r2.csv's) an entry killed mid-write left, and keeps a live process's and other files", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "tie-runoff"));
    const dead = spawnSync("sh", ["-c", "printf %s $$"], { encoding: "utf8" }).stdout;
    const names = [`ballots.csv.tmp-${dead}`, `counts-r2.csv.tmp-${dead}`, `ballots-r2.csv.tmp-${process.ppid}`, `notes.csv.tmp-${dead}`];
    for (const name of names) await fs.writeFile(path.join(dir, name), "P1\n○\n");
    await runCli(["enter", dir, "--json"]);
    const left = (await fs.readdir(dir)).filter((n) => n.includes(".tmp-")).sort();
    expect(left).toEqual([`ballots-r2.csv.tmp-${process.ppid}`, `notes.csv.tmp-${dead}`]);
  });

  it("places a problem of the edit where the value stands in the file as written, not in the rewritten layout", async () => {
    const dir = await scratchCopy(path.join(FIXTURES, "bad", "base"));
    const text = '{\n  "title": "第三次会议",\n  "date": "2026-01-15",\n  "deputies": { "total": 10, "present": 9 },\n  "issued": [9],\n  "rules": { "formal": 2 }\n}\n';
    await fs.writeFile(path.join(dir, "session.json"), text);
    const r = await rewriteSession(dir, (s) => { (s["deputies"] as Record<string, unknown>)["present"] = 12; });
    expect(r.diagnostics.map((d) => `${d.at.line}:${d.at.column} ${d.params["path"]}`)).toEqual(["4:30 deputies.present"]);
    expect(await fs.readFile(path.join(dir, "session.json"), "utf8")).toBe(text);
  });
});
