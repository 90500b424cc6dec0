// Names are printed on the paper ballot: two projects' names swapped in candidates.csv after `ballot`
// (ids and order as they were) would put the votes for one under the other's name, so enter refuses to
// start. ballot and runoff record each line as printed (id and name); a record from before they did is
// judged as before, and audit still passes on the flows that record them.
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, scratchCopy, SEEDS } from "../helpers.js";

async function editSession(dir: string, edit: (s: any) => void): Promise<void> {
  const file = path.join(dir, "session.json");
  const session = JSON.parse(await fs.readFile(file, "utf8"));
  edit(session);
  await fs.writeFile(file, JSON.stringify(session, null, 2));
}

/** candidates.csv with the names of two lines swapped, the ids and the rest of each row left. */
async function swapNames(dir: string, a: string, b: string): Promise<void> {
  const file = path.join(dir, "candidates.csv");
  const rows = (await fs.readFile(file, "utf8")).split("\n");
  const at = (id: string) => rows.findIndex((r) => r.startsWith(`${id},`));
  const name = (i: number) => rows[i]!.split(",")[1]!;
  const [i, j] = [at(a), at(b)];
  const [x, y] = [name(i), name(j)];
  rows[i] = rows[i]!.replace(`${a},${x},`, `${a},${y},`);
  rows[j] = rows[j]!.replace(`${b},${y},`, `${b},${x},`);
  await fs.writeFile(file, rows.join("\n"));
}

/** The sample session, listed order, its ballots aside and its ballot printed. */
async function printed(): Promise<string> {
  const dir = await scratchCopy(path.join(SEEDS, "township-2026"));
  await editSession(dir, (s) => { s.rules.order = "as-listed"; });
  await fs.rm(path.join(dir, "ballots.csv"));
  expect((await runCli(["ballot", dir])).code).toBe(0);
  return dir;
}

const trailOf = async (dir: string) => JSON.parse(await fs.readFile(path.join(dir, "out", "audit.json"), "utf8"));

describe("a project renamed after its ballot was printed", () => {
  it("stops enter when two lines' names are swapped, until the ballot is recorded again", async () => {
    const dir = await printed();
    expect((await trailOf(dir)).commands["ballot"].options.lines.slice(0, 2)).toEqual([
      { id: "P01", name: "镇卫生院住院楼改造" }, { id: "P02", name: "农村饮水安全提升工程" },
    ]);
    expect((await runCli(["audit", dir])).code).toBe(0);
    await swapNames(dir, "P01", "P02");
    const r = await runCli(["enter", dir, "--json"]);
    expect(r.code).toBe(1);
    const d = r.json.error.diagnostics[0];
    expect(d).toMatchObject({ code: "E_CHANGED_SINCE_PRINTED", file: "out/ballots-template.csv" });
    expect(d.message).toBe("第 1 轮的表决票印制之后，candidates.csv 中项目的名称变了（P01 印的是“镇卫生院住院楼改造”，现在是“农村饮水安全提升工程”；"
      + "P02 印的是“农村饮水安全提升工程”，现在是“镇卫生院住院楼改造”）：按纸质票录入，票会记到现在用这个编号的项目名下");
    const en = await runCli(["enter", dir, "--json", "--lang", "en"]);
    expect(en.json.error.diagnostics[0].messageEn).toContain('P01 was printed as "镇卫生院住院楼改造", now "农村饮水安全提升工程"');
    await expect(fs.access(path.join(dir, "entry"))).rejects.toThrow();
    // Recorded again as it is now (the paper checked against it), entry goes ahead: here it wants a keyboard.
    expect((await runCli(["ballot", dir])).code).toBe(0);
    expect((await runCli(["enter", dir])).code).toBe(2);
    expect((await runCli(["audit", dir])).code).toBe(0);
  });

  it("goes ahead, as before, on a record from before the printed lines were kept", async () => {
    const dir = await printed();
    const trail = await trailOf(dir);
    delete trail.commands["ballot"].options.lines;
    await fs.writeFile(path.join(dir, "out", "audit.json"), JSON.stringify(trail, null, 2) + "\n");
    await swapNames(dir, "P01", "P02");
    expect((await runCli(["enter", dir])).code).toBe(2);
  });

  it("audit refuses a record whose printed lines were edited, so an edited record cannot pass for the paper", async () => {
    const dir = await printed();
    expect((await runCli(["audit", dir])).code).toBe(0);
    const trail = await trailOf(dir);
    trail.commands["ballot"].options.lines[0].name = "另一个名称";
    await fs.writeFile(path.join(dir, "out", "audit.json"), JSON.stringify(trail, null, 2) + "\n");
    const r = await runCli(["audit", dir, "--json"]);
    expect(r.code).toBe(1);
    expect(r.json.error.diagnostics.filter((d: { code: string }) => d.code === "E_AUDIT_RECOUNT_DIFFERS").map((d: { message: string }) => d.message))
      .toContainEqual(expect.stringContaining("ballot 记录的 lines（印在纸质票上的各项目编号和名称）与按现在的输入重新计算的不同"));
  });

  it("a runoff's ballot records its lines too, and audit passes", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "tie-runoff"));
    await editSession(dir, (s) => { s.rules.order = "as-listed"; });
    await fs.rm(path.join(dir, "ballots-r2.csv"));
    expect((await runCli(["tally", dir])).code).not.toBe(1);
    expect((await runCli(["runoff", dir])).code).toBe(0);
    const byRunoff = (await trailOf(dir)).commands["runoff-r2"].options.lines;
    expect(byRunoff.map((l: { id: string }) => l.id)).toEqual(["Q08", "Q09"]);
    // ballot prints the same round again: its record, with the same lines, replaces the runoff's.
    expect((await runCli(["ballot", dir])).code).toBe(0);
    const trail = await trailOf(dir);
    expect(trail.commands["ballot-r2"].options.lines).toEqual(byRunoff);
    expect(trail.commands["runoff-r2"]).toBeUndefined();
    const audit = await runCli(["audit", dir]);
    expect(audit.code, audit.stdout + audit.stderr).toBe(0);
    const names = byRunoff.map((l: { name: string }) => l.name);
    await swapNames(dir, "Q08", "Q09");
    const r = await runCli(["enter", dir, "--json"]);
    expect(r.json.error.diagnostics[0]).toMatchObject({ code: "E_CHANGED_SINCE_PRINTED", file: "out/ballots-r2-template.csv" });
    expect(r.json.error.diagnostics[0].message).toContain(`Q08 印的是“${names[0]}”，现在是“${names[1]}”`);
  });
});
