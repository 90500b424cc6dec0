// piaojue verify SCENARIO…: for CI (SPEC §9). Each scenario is a session folder plus expected.json — a
// subset of the `tally --json` data (at top level or under "data"), optionally the expected exit code and
// warning codes (read strictly, SPEC §9). The tally plan runs in memory: nothing is written anywhere,
// and every difference is reported by its path, expected and actual value.
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { error, InputError, placeOf, type Diagnostic } from "../core/diagnostics.js";
import { diagnosticRecord, renderDiagnostic } from "../messages/render.js";
import { SessionReader } from "../io/files.js";
import { planContext } from "./execute.js";
import { checkExpectation, parseExpectation, type Difference, type Expectation } from "./expect.js";
import { jsonDocument } from "./json-document.js";
import { displayPath, SESSION_FILE } from "./load.js";
import { EXIT, failed, type CommandEnv, type Outcome } from "./outcome.js";
import { planTally } from "./tally.js";

export const EXPECTED_FILE = "expected.json";
const SKIPPED = new Set(["out", "node_modules"]);
const CONCURRENCY = 4;

export interface ScenarioResult {
  /** The scenario folder as given (relative to where the command runs). */
  scenario: string;
  ok: boolean;
  /** The exit code `piaojue tally` gave. */
  exitCode: number | null;
  /** Each difference; `candidate` names the candidate of a `data.candidates[i]…` path, for the reader. */
  differences: (Difference & { candidate?: string })[];
  /** Problems with the scenario itself (expected.json missing or not valid JSON). */
  problems: Diagnostic[];
}

export interface VerifyData {
  /** Each scenario, its problems as --json records (with their Chinese words). */
  scenarios: (Omit<ScenarioResult, "problems"> & { problems: ReturnType<typeof diagnosticRecord>[] })[];
  passed: number;
  failed: number;
}

async function kind(p: string): Promise<"dir" | "file" | null> {
  try {
    const s = await fs.stat(p);
    return s.isDirectory() ? "dir" : s.isFile() ? "file" : null;
  } catch { return null; }
}

/** Folders below `dir` holding expected.json, in path order (a scenario folder is not searched further). */
async function scenariosUnder(dir: string): Promise<string[]> {
  const found: string[] = [];
  async function walk(d: string): Promise<void> {
    let entries;
    try { entries = await fs.readdir(d, { withFileTypes: true }); } catch { return; }
    if (entries.some((e) => e.name === EXPECTED_FILE && e.isFile())) { found.push(d); return; }
    const dirs = entries.filter((e) => e.isDirectory() && !SKIPPED.has(e.name) && !e.name.startsWith(".")).map((e) => e.name).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (const name of dirs) await walk(path.join(d, name));
  }
  await walk(dir);
  return found;
}

/** Each argument is a scenario folder, its expected.json, or a folder of scenarios. */
async function expand(args: readonly string[], env: CommandEnv): Promise<{ dirs: string[]; problems: Diagnostic[] }> {
  const dirs: string[] = [];
  const problems: Diagnostic[] = [];
  for (const arg of args) {
    const p = path.resolve(env.cwd, arg);
    const k = await kind(p);
    if (k === "file" && path.basename(p) === EXPECTED_FILE) { dirs.push(path.dirname(p)); continue; }
    if (k !== "dir") {
      problems.push(error("E_FILE", { file: arg }, { problem: k === null ? "scenario-missing" : "scenario-not-folder" }));
      continue;
    }
    if ((await kind(path.join(p, SESSION_FILE))) === "file" || (await kind(path.join(p, EXPECTED_FILE))) === "file") { dirs.push(p); continue; }
    const found = await scenariosUnder(p);
    if (found.length === 0) problems.push(error("E_NO_SCENARIOS", { file: arg }));
    dirs.push(...found);
  }
  return { dirs: [...new Set(dirs)], problems };
}

async function readExpected(dir: string, label: string): Promise<{ value?: Expectation; problems: Diagnostic[] }> {
  const file = `${label}/${EXPECTED_FILE}`;
  let text: string;
  try { text = (await fs.readFile(path.join(dir, EXPECTED_FILE), "utf8")).replace(/^\ufeff/, ""); } catch {
    return { problems: [error("E_FILE", { file }, { problem: "expected-missing" })] };
  }
  const parsed = parseExpectation(text, file);
  return parsed.value ? { value: parsed.value, problems: [] } : { problems: parsed.diagnostics };
}

async function verifyOne(dir: string, env: CommandEnv): Promise<ScenarioResult> {
  const label = displayPath(env, dir);
  const expected = await readExpected(dir, label);
  if (!expected.value) return { scenario: label, ok: false, exitCode: null, differences: [], problems: expected.problems };
  // The tally plan, called without writing anything: the scenario folder is only read.
  let outcome: Outcome;
  try {
    const { output: _files, ...planned } = await planTally(new SessionReader(dir, env.encoding), {}, planContext(env, path.join(dir, "out")));
    outcome = planned;
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    outcome = failed("tally", e.diagnostics);
  }
  // Exactly what `piaojue tally --json` would print.
  const doc = JSON.parse(JSON.stringify(jsonDocument(outcome))) as Parameters<typeof checkExpectation>[2];
  const ids = ((doc.data as { candidates?: { id?: unknown }[] } | null | undefined)?.candidates ?? []).map((c) => String(c.id));
  const differences = checkExpectation(expected.value, outcome.exitCode, doc).map((d) => {
    const m = /^data\.candidates\[(\d+)\]/.exec(d.path);
    const id = m ? ids[Number(m[1])] : undefined;
    return id !== undefined ? { ...d, candidate: id } : d;
  });
  return { scenario: label, ok: differences.length === 0, exitCode: outcome.exitCode, differences, problems: [] };
}

function show(value: unknown): string {
  return value === undefined ? "（没有）" : JSON.stringify(value);
}

export async function runVerify(opts: { scenarios: readonly string[] }, env: CommandEnv): Promise<Outcome<VerifyData>> {
  const { dirs, problems } = await expand(opts.scenarios.length > 0 ? opts.scenarios : ["."], env);
  if (problems.length > 0) return failed("verify", problems, { why: "scenarios-invalid" });
  const results: ScenarioResult[] = new Array(dirs.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, dirs.length) }, async () => {
    while (next < dirs.length) {
      const i = next++;
      results[i] = await verifyOne(dirs[i]!, env);
    }
  }));
  const passed = results.filter((r) => r.ok).length;
  const report: string[] = [];
  for (const r of results) {
    report.push(`${r.ok ? "✓" : "✗"} ${r.scenario}`);
    for (const d of r.differences) report.push(`    ${d.path}${d.candidate ? `（${d.candidate}）` : ""}：期望 ${show(d.expected)}，实际 ${show(d.actual)}`);
    for (const p of r.problems) report.push(`    ${placeOf(p)} ${p.code} ${renderDiagnostic(p).message}`);
  }
  report.push("", `${results.length} 个场景：${passed} 个符合${results.length - passed > 0 ? `，${results.length - passed} 个不符` : ""}`);
  const data: VerifyData = { scenarios: results.map((r) => ({ ...r, problems: r.problems.map(diagnosticRecord) })), passed, failed: results.length - passed };
  if (passed === results.length) return { command: "verify", exitCode: EXIT.ok, data, warnings: [], report };
  return {
    command: "verify", exitCode: EXIT.invalid, data, warnings: [], report,
    error: { code: "E_VERIFY_MISMATCH", failure: { why: "scenarios-differ", params: { count: results.length - passed } }, diagnostics: results.flatMap((r) => r.problems) },
  };
}
