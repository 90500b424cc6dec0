// npm run bench: three figures, each measured in this run against a baseline measured in the same run
// (so the machine's speed cancels out). Inputs are generated deterministically under bench/data/.
//   1. a township tally (58 ballots, 12 candidates), end to end, against starting Node (`node -e ""`);
//   2. a million ballots × 20 candidates (about 70 MB) tallied from CSV, against a plain byte scan of the
//      same file in Node (bench/scan.js), with the tally's peak memory;
//   3. 770 township sessions through `piaojue batch`: wall time and peak memory.
import { spawnSync } from "node:child_process";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { batchRoot, bigSession, BENCH_DIR, ROOT, townshipSession } from "./data.js";

const BIN = path.join(ROOT, "bin", "piaojue.js");
const RSS = path.join(BENCH_DIR, "rss.js");
const SCAN = path.join(BENCH_DIR, "scan.js");

/** Wall time of one spawned command in ms, its exit code and (with the preload) its peak memory in MB. */
function time(args, { rss = false } = {}) {
  const argv = rss ? ["--import", RSS, ...args] : args;
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, argv, { stdio: ["ignore", "ignore", "pipe", "pipe"], maxBuffer: 1 << 24 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const kb = rss ? Number(r.output[3]?.toString() || NaN) : NaN;
  return { ms, code: r.status, mb: kb / 1024, stderr: r.stderr?.toString() ?? "" };
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/**
 * Runs the commands in turn, `rounds` times (interleaved, so a busy moment hits all of them), after one
 * warm-up each. Medians are the figures; the best runs are shown too, since on a shared machine a
 * neighbour's burst can slow any single run.
 */
function compare(commands, rounds, options) {
  const runs = commands.map(() => []);
  commands.forEach((c) => time(c, options));
  for (let i = 0; i < rounds; i++) commands.forEach((c, k) => runs[k].push(time(c, options)));
  return runs.map((r) => ({ ms: median(r.map((x) => x.ms)), best: Math.min(...r.map((x) => x.ms)), mb: Math.max(...r.map((x) => x.mb)), codes: [...new Set(r.map((x) => x.code))], stderr: r.at(-1).stderr }));
}

const fmt = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`);
const verdict = (ok) => (ok ? "ok" : "MISSED");

async function main() {
  const { bundleIsUsable } = await import(path.join(ROOT, "dist", "cli", "start.cjs"));
  if (!bundleIsUsable()) console.log("note: dist/bundle/ is missing or older than dist/ (npm run build makes it); measuring the start from the modules");
  process.stdout.write("generating bench/data … ");
  const township = await townshipSession();
  const big = await bigSession();
  const root = await batchRoot();
  const bigBytes = (await fs.stat(path.join(big, "ballots.csv"))).size;
  console.log("done");
  console.log(`Node ${process.version}, ${os.availableParallelism()} CPUs (${os.cpus()[0]?.model.trim() ?? "?"})\n`);
  const out = await fs.mkdtemp(path.join(os.tmpdir(), "piaojue-bench-"));

  // 1. Township tally against starting Node.
  const [node, tally] = compare([["-e", ""], [BIN, "tally", township, "-o", path.join(out, "township")]], 20);
  const ratio1 = tally.ms / node.ms;
  console.log(`1. township tally, 58 ballots × 12 candidates, end to end (median of 20; best in brackets)`);
  console.log(`   piaojue tally ${fmt(tally.ms)} [${fmt(tally.best)}] (exit ${tally.codes.join("/")})  ·  node -e "" ${fmt(node.ms)} [${fmt(node.best)}]  ·  ${ratio1.toFixed(2)}× [${(tally.best / node.best).toFixed(2)}×]  (goal ≤ 2.0×: ${verdict(ratio1 <= 2.0)})`);

  // 2. A million ballots against a byte scan of the same file.
  const [scan, million] = compare([[SCAN, path.join(big, "ballots.csv")], [BIN, "tally", big, "-o", path.join(out, "big")]], 5, { rss: true });
  const ratio2 = million.ms / scan.ms;
  console.log(`2. 1,000,000 ballots × 20 candidates (${(bigBytes / 1e6).toFixed(1)} MB) from CSV (median of 5; best in brackets)`);
  console.log(`   piaojue tally ${fmt(million.ms)} [${fmt(million.best)}] (exit ${million.codes.join("/")}), peak ${million.mb.toFixed(0)} MB  ·  byte scan ${fmt(scan.ms)} [${fmt(scan.best)}], peak ${scan.mb.toFixed(0)} MB  ·  ${ratio2.toFixed(2)}× [${(million.best / scan.best).toFixed(2)}×]  (goal ≤ 3×: ${verdict(ratio2 <= 3)}; memory ≤ 150 MB: ${verdict(million.mb <= 150)})`);

  // 3. 770 township sessions through batch, each run from fresh (no out/ folders).
  const sessions = [];
  for (const county of await fs.readdir(root)) {
    if (county === "out" || county.startsWith(".")) continue;
    for (const town of await fs.readdir(path.join(root, county))) sessions.push(path.join(root, county, town));
  }
  const batchRuns = [];
  for (let i = 0; i < 3; i++) {
    await Promise.all([path.join(root, "out"), ...sessions.map((s) => path.join(s, "out"))].map((d) => fs.rm(d, { recursive: true, force: true })));
    batchRuns.push(time([BIN, "batch", root], { rss: true }));
  }
  const batch = { ms: median(batchRuns.map((r) => r.ms)), best: Math.min(...batchRuns.map((r) => r.ms)), mb: Math.max(...batchRuns.map((r) => r.mb)), codes: [...new Set(batchRuns.map((r) => r.code))] };
  console.log(`3. ${sessions.length} township sessions through piaojue batch, from fresh (median of 3; best in brackets)`);
  console.log(`   ${fmt(batch.ms)} [${fmt(batch.best)}] (exit ${batch.codes.join("/")}: some townships need a runoff), peak ${batch.mb.toFixed(0)} MB  (goal < 10 s: ${verdict(batch.ms < 10_000)})`);
  await fs.rm(out, { recursive: true, force: true });
  if ([tally, million].some((r) => r.codes.some((c) => c !== 0)) && tally.stderr) console.log(`\nlast stderr of a run: ${tally.stderr.slice(0, 400)}`);
}

await main();
