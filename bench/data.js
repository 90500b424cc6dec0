// Deterministic bench inputs under bench/data/ (git-ignored): made once, reused while the generator's
// version stays the same.
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
export const DATA_DIR = path.join(BENCH_DIR, "data");
export const ROOT = path.resolve(BENCH_DIR, "..");
const VERSION = "5";

// The same seedable generator the ballot order uses (npm run bench builds dist/ first).
const { seededRandom: random } = await import(pathToFileURL(path.join(ROOT, "dist", "core", "order.js")).href);

async function fresh(dir) {
  try {
    if ((await fs.readFile(path.join(dir, ".version"), "utf8")) === VERSION) return false;
  } catch { /* not made yet */ }
  await fs.rm(dir, { recursive: true, force: true });
  await fs.mkdir(dir, { recursive: true });
  return true;
}

async function done(dir) {
  await fs.writeFile(path.join(dir, ".version"), VERSION);
}

function candidatesCsv(count, rand) {
  const areas = ["东街村", "西岭村", "南湖社区", "北山村", "中心镇区", "河口村"];
  const kinds = [["教育", "中心小学食堂改造"], ["养老", "居家养老服务站建设"], ["交通", "农村公路提档升级"], ["水利", "饮用水管网改造"], ["环境", "生活污水处理设施"], ["文化", "文化广场建设"], ["医疗", "卫生院设备更新"], ["农业", "高标准农田建设"], ["就业", "技能培训中心"], ["安全", "道路照明工程"]];
  const rows = ["编号,项目名称,类别,项目背景,项目内容,实施区域,实施主体,投入资金（万元）,资金来源,完成时限,目标绩效"];
  for (let i = 1; i <= count; i++) {
    const [kind, name] = kinds[(i - 1) % kinds.length];
    const area = areas[Math.floor(rand() * areas.length)];
    rows.push([`P${String(i).padStart(2, "0")}`, `${area}${name}${i}`, kind, "群众反映强烈", `${name}，惠及周边群众`, area, "镇人民政府", String(50 + Math.floor(rand() * 400)), "镇级财政", "2026-12", "年底前完工并投入使用"].join(","));
  }
  return "\ufeff" + rows.join("\r\n") + "\r\n";
}

function sessionJson(title, date, total, present, issued, formal) {
  return JSON.stringify({ title, date, deputies: { total, present }, issued: [issued], rules: { formal } }, null, 2) + "\n";
}

/** One township: 58 deputies, 12 candidates, 10 to choose (like seeds/township-2026). */
function township(seed, index) {
  const rand = random(seed);
  const total = 58;
  const present = 52 + Math.floor(rand() * 7);
  const ids = Array.from({ length: 12 }, (_, i) => `P${String(i + 1).padStart(2, "0")}`);
  // Ten well-liked candidates and two that few approve: most townships decide in one round.
  const popularity = ids.map((_, i) => (i < 10 ? 0.62 + rand() * 0.33 : 0.2 + rand() * 0.3));
  const rows = [["票号", "作废", ...ids].join(",")];
  for (let b = 1; b <= present; b++) {
    let approvals = 0;
    const cells = ids.map((_, i) => {
      const r = rand();
      if (r < popularity[i] && approvals < 10) { approvals++; return "○"; }
      return r < popularity[i] + 0.15 ? "×" : "";
    });
    rows.push([String(b), "", ...cells].join(","));
  }
  return {
    "session.json": sessionJson(`第${index}镇第十八届人民代表大会第五次会议`, "2026-01-15", total, present, present, 10),
    "candidates.csv": candidatesCsv(12, rand),
    "ballots.csv": "\ufeff" + rows.join("\r\n") + "\r\n",
  };
}

async function writeFolder(dir, files) {
  await fs.mkdir(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) await fs.writeFile(path.join(dir, name), content);
}

/** bench/data/township: one session, tallied end to end. */
export async function townshipSession() {
  const dir = path.join(DATA_DIR, "township");
  if (await fresh(dir)) {
    await writeFolder(dir, township(2026, 1));
    await done(dir);
  }
  return dir;
}

/** bench/data/big: 1,000,000 ballots × 20 candidates (about 70 MB), written in pieces. */
export async function bigSession() {
  const dir = path.join(DATA_DIR, "big");
  if (await fresh(dir)) {
    const rand = random(1_000_000);
    const n = 1_000_000;
    const ids = Array.from({ length: 20 }, (_, i) => `P${String(i + 1).padStart(2, "0")}`);
    await writeFolder(dir, {
      "session.json": sessionJson("××市民生实事项目网络票决", "2026-03-01", n, n, n, 10),
      "candidates.csv": candidatesCsv(20, rand),
    });
    // Ten candidates most approve, ten few do: the vote decides in one round.
    const popularity = ids.map((_, i) => (i % 2 === 0 ? 0.68 : 0.1) + rand() * 0.15);
    const handle = await fs.open(path.join(dir, "ballots.csv"), "w");
    let chunk = "\ufeff" + ["票号", "作废", ...ids].join(",") + "\r\n";
    for (let b = 1; b <= n; b++) {
      const voided = rand() < 0.002 ? "破损" : "";
      let approvals = 0;
      const cells = ids.map((_, i) => {
        const r = rand();
        if (r < popularity[i] && approvals < 10) { approvals++; return r < popularity[i] * 0.9 ? "○" : "赞成"; }
        return r < popularity[i] + 0.25 ? "×" : "";
      });
      if (rand() < 0.001) cells[Math.floor(rand() * 20)] = "√";
      chunk += `${b},${voided},${cells.join(",")}\r\n`;
      if (chunk.length > 1 << 20) { await handle.write(chunk); chunk = ""; }
    }
    await handle.write(chunk);
    await handle.close();
    await done(dir);
  }
  return dir;
}

/** bench/data/batch: 770 township sessions under one root. */
export async function batchRoot(count = 770) {
  const dir = path.join(DATA_DIR, "batch");
  if (await fresh(dir)) {
    for (let i = 1; i <= count; i++) {
      const county = `县${String(Math.ceil(i / 110)).padStart(2, "0")}`;
      await writeFolder(path.join(dir, county, `镇${String(i).padStart(3, "0")}`), township(i, i));
    }
    await done(dir);
  }
  return dir;
}

/**
 * bench/data/evaluation: 1,000,000 evaluation forms × 10 projects (SPEC §8), a twentieth of them from
 * deputies, the rest from residents; cells 满意 / 基本满意 / 不满意 / 弃权 / empty.
 */
export async function evaluationSession() {
  const dir = path.join(DATA_DIR, "evaluation");
  if (await fresh(dir)) {
    const rand = random(2027);
    const n = 1_000_000;
    const ids = Array.from({ length: 10 }, (_, i) => `P${String(i + 1).padStart(2, "0")}`);
    const evaluation = {
      title: "××市2026年度民生实事项目满意度测评",
      projects: "candidates.csv",
      groups: { 代表: { weight: "0.6", members: 60_000 }, 群众: { weight: "0.4" } },
      levels: { 满意: 100, 基本满意: 60, 不满意: 0 },
      rateBase: "valid",
      grade: { base: "members", atHalf: "counts" },
      passRate: "0.8",
    };
    await writeFolder(dir, { "evaluation.json": JSON.stringify(evaluation, null, 2) + "\n", "candidates.csv": candidatesCsv(10, rand) });
    // Each project has its own share of satisfied forms, so the figures differ between projects.
    const liking = ids.map(() => 0.45 + rand() * 0.4);
    const handle = await fs.open(path.join(dir, "evaluations.csv"), "w");
    let chunk = "\ufeff" + ["组别", ...ids].join(",") + "\r\n";
    for (let f = 1; f <= n; f++) {
      const group = rand() < 0.05 ? "代表" : "群众";
      const cells = liking.map((p) => {
        const r = rand();
        return r < p ? "满意" : r < p + 0.3 * (1 - p) ? "基本满意" : r < p + 0.6 * (1 - p) ? "不满意" : r < p + 0.8 * (1 - p) ? "弃权" : "";
      });
      chunk += `${group},${cells.join(",")}\r\n`;
      if (chunk.length > 1 << 20) { await handle.write(chunk); chunk = ""; }
    }
    await handle.write(chunk);
    await handle.close();
    await done(dir);
  }
  return dir;
}
