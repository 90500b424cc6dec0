// The paper ballot and the files: ballots typed or counted from paper printed before the candidates or
// the ballot's rules changed may go to other projects. enter refuses to start; tally warns (screen only).
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, scratchCopy, SEEDS } from "../helpers.js";

/** The sample session with its ballots aside and its ballot printed: the state on session morning. */
async function printed(): Promise<{ dir: string; ballots: Buffer }> {
  const dir = await scratchCopy(path.join(SEEDS, "township-2026"));
  const ballots = await fs.readFile(path.join(dir, "ballots.csv"));
  await fs.rm(path.join(dir, "ballots.csv"));
  expect((await runCli(["ballot", dir])).code).toBe(0);
  return { dir, ballots };
}

async function editSession(dir: string, edit: (s: any) => void): Promise<void> {
  const file = path.join(dir, "session.json");
  const session = JSON.parse(await fs.readFile(file, "utf8"));
  edit(session);
  await fs.writeFile(file, JSON.stringify(session, null, 2));
}

const codes = (r: { json: any }) => (r.json.warnings ?? []).map((w: { code: string }) => w.code);

describe("a ballot changed after it was printed", () => {
  it("is no news in the ordinary flow: enter --present rewrites session.json, then the tally", async () => {
    const { dir, ballots } = await printed();
    expect((await runCli(["enter", dir, "--present", "56"])).code).toBe(0);
    await fs.writeFile(path.join(dir, "ballots.csv"), ballots);
    const r = await runCli(["tally", dir, "--json"]);
    expect(r.code).toBe(0);
    expect(codes(r)).not.toContain("W_CHANGED_SINCE_PRINTED");
  });

  it("stops enter before a key is typed when the order changed, until the ballot is recorded again", async () => {
    const { dir } = await printed();
    await editSession(dir, (s) => { s.rules.order = "as-listed"; });
    const r = await runCli(["enter", dir, "--json"]);
    expect(r.code).toBe(1);
    expect(r.json.error.diagnostics[0]).toMatchObject({ code: "E_CHANGED_SINCE_PRINTED", file: "session.json" });
    expect(r.json.error.diagnostics[0].message).toBe("第 1 轮的表决票印制之后，rules.order 改过：按纸质票上的顺序录入，可能录到别的项目上");
    await expect(fs.access(path.join(dir, "entry"))).rejects.toThrow();
    // Once piaojue ballot has recorded the ballot as it is, entry goes ahead (here: it wants a keyboard).
    expect((await runCli(["ballot", dir])).code).toBe(0);
    expect((await runCli(["enter", dir])).code).toBe(2);
  });

  it("is warned by tally: a candidate renamed, the approval limit changed", async () => {
    const { dir, ballots } = await printed();
    await fs.writeFile(path.join(dir, "ballots.csv"), ballots);
    const file = path.join(dir, "candidates.csv");
    await fs.writeFile(file, (await fs.readFile(file, "utf8")).replace("镇卫生院住院楼改造", "镇卫生院门诊楼改造"));
    await editSession(dir, (s) => { s.rules.maxApprovals = 11; });
    const r = await runCli(["tally", dir, "--json"]);
    const w = r.json.warnings.find((x: { code: string }) => x.code === "W_CHANGED_SINCE_PRINTED");
    expect(w).toMatchObject({ file: "candidates.csv" });
    expect(w.message).toBe("第 1 轮的表决票印制之后，candidates.csv、rules.maxApprovals 改过：收回的纸质票上，项目、顺序或规则可能与现在不同");
    // The files written are those of any tally: the warning is for the screen.
    expect(await fs.readFile(path.join(dir, "out", "announcement.md"), "utf8")).not.toContain("印制之后");
  });
});
