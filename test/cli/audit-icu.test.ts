// audit.json records the ICU that ordered the names; audit names an ICU change beside a differing recount.
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, scratchCopy, SEEDS } from "../helpers.js";

async function tallied(): Promise<{ dir: string; auditFile: string; audit: any }> {
  const dir = await scratchCopy(path.join(SEEDS, "township-2026"));
  expect((await runCli(["tally", dir, "--json"])).code).toBe(0);
  const auditFile = path.join(dir, "out", "audit.json");
  return { dir, auditFile, audit: JSON.parse(await fs.readFile(auditFile, "utf8")) };
}

const recountMessages = (doc: any): string[] => doc.data.checks[2].problems.map((p: any) => p.message);

describe("ICU in the audit trail", () => {
  it("records this Node's ICU version (and Unicode, CLDR) for each command", async () => {
    const { audit } = await tallied();
    expect(audit.commands.tally.icu).toEqual({ version: process.versions.icu, unicode: process.versions.unicode, cldr: process.versions.cldr });
  });

  it("names the ICU change when a recount differs and the command ran on another ICU, and only then", async () => {
    const { dir, auditFile, audit } = await tallied();
    const results = path.join(dir, "out", "results.csv");
    await fs.writeFile(results, (await fs.readFile(results, "utf8")).replace("当选", "落选"));
    const sameIcu = await runCli(["audit", dir, "--json"]);
    expect(sameIcu.code).toBe(1);
    expect(recountMessages(sameIcu.json).length).toBeGreaterThan(0);
    expect(recountMessages(sameIcu.json).join()).not.toContain("ICU");
    audit.commands.tally.icu.version = "70.1";
    await fs.writeFile(auditFile, JSON.stringify(audit, null, 2) + "\n");
    const otherIcu = await runCli(["audit", dir, "--json"]);
    expect(recountMessages(otherIcu.json)).toContainEqual(expect.stringContaining(`写出时 Node 的 ICU 是 70.1，现在是 ${process.versions.icu}，笔画或拼音排序可能因此不同`));
  });
});
