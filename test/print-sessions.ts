// Sessions that stress the printed pages where a page break falls: the tests of the HTML (test/cli) and
// the print tests in Chromium (test/e2e) build them alike.
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { makeSession, scratchCopy, SEEDS } from "./helpers.js";

const NAME_CHARS = "东南西北中上下新旧大小高山水田河湖海江桥路街村镇乡县";

/**
 * A hand-counted session of `candidates` lines (P01…, names of six characters and a number), `formal` of
 * them to choose without a threshold, `valid` valid ballots and line i approved by valid − 2 − step × i:
 * every count distinct, so the 正式项目 are the first `formal` lines.
 */
export function handCountSession(candidates: number, formal: number, { valid = 80, step = 2 } = {}): Promise<string> {
  const width = String(candidates).length < 3 ? 2 : 3;
  const id = (i: number) => `P${String(i + 1).padStart(width, "0")}`;
  const name = (i: number) => `${NAME_CHARS.repeat(2).slice(i % NAME_CHARS.length, (i % NAME_CHARS.length) + 6)}${i}号工程`;
  const lines = Array.from({ length: candidates }, (_, i) => i);
  const approve = (i: number) => Math.max(0, valid - 2 - step * i);
  const present = valid + 2;
  const session = {
    title: "测试镇第一届人民代表大会第一次会议", date: "2026-01-15", deputies: { total: valid + 10, present },
    issued: [present], counted: [{ returned: present, void: 2 }], rules: { formal, maxApprovals: "none", threshold: "none" },
  };
  return makeSession({
    "session.json": JSON.stringify(session),
    "candidates.csv": ["编号,项目名称", ...lines.map((i) => `${id(i)},${name(i)}`)].join("\n") + "\n",
    "counts.csv": ["编号,赞成,反对,弃权", ...lines.map((i) => `${id(i)},${approve(i)},${valid - approve(i)},0`)].join("\n") + "\n",
  });
}

/** seeds/tie-runoff before its runoff: Q08 and Q09 tied, waiting for round 2; the session's title as given. */
export async function tieAwaitingRunoff(title?: string): Promise<string> {
  const dir = await scratchCopy(path.join(SEEDS, "tie-runoff"));
  await fs.rm(path.join(dir, "ballots-r2.csv"));
  if (title) {
    const file = path.join(dir, "session.json");
    await fs.writeFile(file, JSON.stringify({ ...JSON.parse(await fs.readFile(file, "utf8")), title }, null, 2));
  }
  return dir;
}

/** A title of 44 characters: on the 公告 of seeds/tie-runoff, its date comes where a line of A4 ends. */
export const LONG_TITLE = "清河乡第十八届人民代表大会第六次会议暨二〇二六年度民生实事项目代表票决大会第一次全体会议";
