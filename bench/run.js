// npm run bench: one Markdown table, every figure measured in this run against baselines measured in the
// same run, interleaved (so the machine's speed, and a neighbour's burst, hit both alike). Inputs are
// generated deterministically under bench/data/. Every command is a spawned process: piaojue through
// bin/piaojue.js, as a user runs it.
//   a. a township tally (58 ballots × 12 candidates) against starting Node (`node -e ""`);
//   b. 1,000,000 ballots × 20 candidates: `piaojue tally` against csv-parse's streaming parse of the same
//      file and Python's csv module reading it, with peak memory;
//   c. 1,000,000 evaluation forms × 10 projects: `piaojue evaluate` against the same two baselines;
//   d. 770 township sessions through `piaojue batch`, with peak memory.
// BENCH_ROWS picks rows (BENCH_ROWS=bc runs only the two large files); all four by default.
import { spawnSync } from "node:child_process";
import { existsSync, promises as fs, readFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { batchRoot, bigSession, BENCH_DIR, evaluationSession, ROOT, townshipSession } from "./data.js";

const BIN = path.join(ROOT, "bin", "piaojue.js");
const CSV_PARSE = path.join(BENCH_DIR, "csv-parse-count.js");
const RSS = path.join(BENCH_DIR, "rss.js");
const GNU_TIME = "/usr/bin/time";
const HAVE_TIME = spawnSync(GNU_TIME, ["-f", "%M", "true"]).status === 0;
const PYTHON = spawnSync("python3", ["--version"], { encoding: "utf8" });
const HAVE_PYTHON = PYTHON.status === 0;
// Counts the records of a CSV file with the csv module (the BOM is dropped as the other readers do).
const PYTHON_COUNT = "import csv, sys\nwith open(sys.argv[1], newline='', encoding='utf-8-sig') as f: print(sum(1 for _ in csv.reader(f)))";

const node = (...args) => ({ command: process.execPath, args });
const python = (file) => ({ command: "python3", args: ["-c", PYTHON_COUNT, file] });

/**
 * Wall time of one spawned command in ms, its exit code, and with `rss` its peak resident memory in MB:
 * from GNU time when present, else (Node only) from a preload that reports it at exit.
 */
async function time({ command, args }, { rss = false } = {}) {
  let argv = [command, ...args];
  let report;
  if (rss && HAVE_TIME) {
    report = path.join(os.tmpdir(), `piaojue-bench-rss-${process.pid}`);
    argv = [GNU_TIME, "-f", "%M", "-o", report, ...argv];
  } else if (rss && command === process.execPath) {
    argv = [command, "--import", RSS, ...args];
  }
  const start = process.hrtime.bigint();
  const r = spawnSync(argv[0], argv.slice(1), { stdio: ["ignore", "ignore", "pipe", "pipe"], maxBuffer: 1 << 24 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  let kb = NaN;
  if (report) { kb = Number(readFileSync(report, "utf8").trim().split("\n").at(-1)); await fs.rm(report, { force: true }); }
  else if (rss) kb = Number(r.output[3]?.toString() || NaN);
  return { ms, code: r.status, mb: kb / 1024, stderr: r.stderr?.toString() ?? "" };
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Runs the commands in turn, `rounds` times, after one warm-up each; `before` runs before every run. */
async function compare(commands, rounds, { rss = false, before = async () => {} } = {}) {
  const runs = commands.map(() => []);
  for (const c of commands) { await before(); await time(c, { rss }); }
  for (let i = 0; i < rounds; i++) {
    for (const [k, c] of commands.entries()) { await before(); runs[k].push(await time(c, { rss })); }
  }
  return runs.map((r) => ({ ms: median(r.map((x) => x.ms)), best: Math.min(...r.map((x) => x.ms)), mb: Math.max(...r.map((x) => x.mb)), codes: [...new Set(r.map((x) => x.code))], stderr: r.at(-1).stderr }));
}

const fmt = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
const cell = (r, { memory = false } = {}) => `${fmt(r.ms)}（最好 ${fmt(r.best)}）${memory && Number.isFinite(r.mb) ? `，峰值 ${r.mb.toFixed(0)} MB` : ""}`;
const ratio = (a, b) => `${(a.ms / b.ms).toFixed(2)}×（最好 ${(a.best / b.best).toFixed(2)}×）`;
const reached = (ok) => (ok ? "达到" : "未达到");
const ROWS = process.env.BENCH_ROWS ?? "abcd";

/** d. every township session of the batch folder `root` through `piaojue batch`. */
async function batchRow(root, rows) {
  process.stderr.write("d. batch …\n");
  const sessions = [];
  for (const county of await fs.readdir(root)) {
    if (county === "out" || county.startsWith(".")) continue;
    for (const town of await fs.readdir(path.join(root, county))) sessions.push(path.join(root, county, town));
  }
  // Each run from fresh: no out/ folders left by the run before, and the disk done with writing and
  // freeing them (sync), so a run is not timed while the kernel still flushes the run before it.
  const clean = async () => {
    await Promise.all([path.join(root, "out"), ...sessions.map((s) => path.join(s, "out"))].map((d) => fs.rm(d, { recursive: true, force: true })));
    spawnSync("sync");
  };
  const [batch] = await compare([node(BIN, "batch", root)], 3, { rss: true, before: clean });
  rows.push([`${sessions.length} 个镇 \`batch\`（3 次，退出码 ${batch.codes.join("/")}：有的镇需决选）`, cell(batch, { memory: true }), "—", "—", "—", `${batch.mb.toFixed(0)} MB`, `< 10 s：${reached(batch.ms < 10_000)}`]);
  await clean();
}

async function main() {
  process.stderr.write("generating bench/data … ");
  const township = ROWS.includes("a") && await townshipSession();
  const big = ROWS.includes("b") && await bigSession();
  const evaluation = ROWS.includes("c") && await evaluationSession();
  const root = ROWS.includes("d") && await batchRoot();
  const mb = async (f) => ((await fs.stat(f)).size / 1e6).toFixed(1);
  process.stderr.write("done\n");
  const out = await fs.mkdtemp(path.join(os.tmpdir(), "piaojue-bench-"));
  const rows = [];
  const progress = (s) => process.stderr.write(`${s} …\n`);
  const baselines = (file) => [node(CSV_PARSE, file), ...(HAVE_PYTHON ? [python(file)] : [])];

  if (township) {
    progress("a. township tally");
    const [start, tally] = await compare([node("-e", ""), node(BIN, "tally", township, "-o", path.join(out, "township"))], 20);
    rows.push(["一个镇：58 票 × 12 项，整个 `tally` 进程（20 次）", cell(tally), `\`node -e ""\` ${cell(start)}`, "—", ratio(tally, start), "—", `≤ 3×：${reached(tally.ms / start.ms <= 3)}`]);
  }

  for (const [label, command, dir, name, what] of [
    ["b. 1,000,000 ballots", "tally", big, "ballots.csv", "100 万张表决票 × 20 项"],
    ["c. 1,000,000 evaluation forms", "evaluate", evaluation, "evaluations.csv", "100 万份测评表 × 10 项"],
  ]) {
    if (!dir) continue;
    const file = path.join(dir, name);
    progress(label);
    const [piaojue, csvParse, py] = await compare([node(BIN, command, dir, "-o", path.join(out, command)), ...baselines(file)], 5, { rss: true });
    const x = piaojue.ms / csvParse.ms;
    rows.push([`${what}（${await mb(file)} MB），\`${command}\`（5 次）`, cell(piaojue, { memory: true }), `csv-parse 流式解析 ${cell(csvParse, { memory: true })}`, py ? `Python csv ${cell(py, { memory: true })}` : "（没有 python3）",
      `对 csv-parse ${ratio(piaojue, csvParse)}${py ? `；对 Python ${ratio(piaojue, py)}` : ""}`, `${piaojue.mb.toFixed(0)} MB`,
      `比 csv-parse 多 ≤ 50%：${reached(x <= 1.5)}；内存 ≤ 150 MB：${reached(piaojue.mb <= 150)}`]);
    if (piaojue.codes.some((c) => c !== 0)) console.error(`piaojue ${command} exited ${piaojue.codes.join("/")}: ${piaojue.stderr.slice(0, 400)}`);
  }

  if (root) await batchRow(root, rows);
  await fs.rm(out, { recursive: true, force: true });

  const cpu = os.cpus()[0]?.model.trim() ?? "?";
  console.log(`Node ${process.version}（ICU ${process.versions.icu ?? "无"}）${HAVE_PYTHON ? `，${PYTHON.stdout.trim()}` : ""}，${os.availableParallelism()} 核（${cpu}）；中位数，括号内为最好一次；峰值内存${HAVE_TIME ? "由 GNU time 测得" : "由进程退出时的 maxRSS 测得"}。\n`);
  console.log("| 测什么 | piaojue | 基准 | 基准 | 倍数（中位数） | piaojue 峰值内存 | 目标 |");
  console.log("|---|---|---|---|---|---|---|");
  for (const r of rows) console.log(`| ${r.join(" | ")} |`);
}

await main();
