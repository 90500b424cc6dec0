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

/**
 * An evaluation without a 等次 rule of three projects, two of them with long names, and indicators with a
 * long name and long figures: the indicators table's headers are squeezed by the names beside them.
 */
export function evaluationWithoutGrade(): Promise<string> {
  const levels = ["满意", "基本满意", "不满意"];
  const forms = [["代表", 8], ["群众", 12]] as const;
  return makeSession({
    "evaluation.json": JSON.stringify({ title: "某镇2026年度民生实事项目满意度测评", projects: "candidates.csv",
      groups: { 代表: { weight: "0.6", members: 10 }, 群众: { weight: "0.4" } }, passRate: "0.8" }),
    "candidates.csv": "编号,项目名称\nP01,镇区老旧小区雨污分流及二次供水设施改造提升工程（含东街、西街、南门三个片区及配套绿化亮化）\n"
      + "P02,5G+智慧农业示范基地（WWWW-MMMM-Pilot Program Phase II）\nP03,农村公路安全生命防护工程\n",
    "evaluations.csv": ["组别,P01,P02,P03", ...forms.flatMap(([group, n]) =>
      Array.from({ length: n }, (_, k) => [group, ...[0, 1, 2].map((j) => levels[(k + j) % 3])].join(",")))].join("\n") + "\n",
    "indicators.csv": "编号,指标,目标值,完成值,权重\n"
      + "P01,改造老旧小区雨污分流管网长度（公里）及二次供水泵房数量综合折算完成比例,12.5,11.25,0.35\nP01,居民满意度,95%,97.3%,0.65\n"
      + "P02,sensor coverage (mu),3000,1234.5678,1\nP03,安装波形护栏（公里）,18,18.4,\n",
  });
}

/** The indicator whose name wraps to three lines in the indicators table: its first and last words are distinct. */
export const LONG_INDICATOR = "受益人口覆盖率（群众满意度测评样本覆盖的全部行政村和社区）";

/**
 * An evaluation of `count` projects, each with three indicators, one of them LONG_INDICATOR: the
 * indicators table runs over pages of rows three lines high, so a page break falls within a row unless
 * rows are kept whole.
 */
export function evaluationWithLongIndicators(count = 30): Promise<string> {
  const ids = Array.from({ length: count }, (_, i) => `P${String(i + 1).padStart(2, "0")}`);
  const levels = ["满意", "基本满意", "满意", "不满意", "满意", "满意"];
  return makeSession({
    "evaluation.json": JSON.stringify({ title: "某镇2026年度民生实事项目满意度测评", projects: "projects.csv",
      groups: { 代表: { weight: "0.6", members: 8 }, 群众: { weight: "0.4" } }, passRate: "0.8" }),
    // One long name narrows the 指标 column, so LONG_INDICATOR takes three lines.
    "projects.csv": ["编号,项目名称", ...ids.map((id, i) => `${id},${i === 3 ? "居家社区养老服务网络建设暨农村互助幸福院提档升级和特殊困难老年人家庭适老化改造工程项目" : `${NAME_CHARS.slice(i % 20, (i % 20) + 5)}民生工程第${i + 1}号`}`)].join("\n") + "\n",
    "evaluations.csv": ["组别," + ids.join(","), ...["代表", "群众"].flatMap((g) => levels.map((_, k) => [g, ...ids.map((_, j) => levels[(k + j) % levels.length])].join(",")))].join("\n") + "\n",
    "indicators.csv": ["编号,指标,目标值,完成值,权重", ...ids.flatMap((id, i) => [`${id},完成投资（万元）,${300 + i},${280 + i},0.5`, `${id},${LONG_INDICATOR},100%,9${i % 10}%,0.3`, `${id},工程质量验收合格率,100%,100%,0.2`])].join("\n") + "\n",
  });
}
