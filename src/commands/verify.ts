// piaojue verify SCENARIO…: for CI (SPEC §9). Each scenario is a session folder plus expected.json — a
// subset of the `tally --json` data (at top level or under "data"), optionally the expected exit code and
// warning codes (read strictly, SPEC §9). The tally plan runs in memory: nothing is written anywhere,
// and every difference is reported by its path, expected and actual value.
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { compareCodePoints } from "../core/characters.js";
import { appendAll, error, InputError, placeOf, warning, type Diagnostic, type Params } from "../core/diagnostics.js";
import { diagnosticRecord, loadLanguage, renderDiagnostic } from "../messages/render.js";
import { SessionReader } from "../io/files.js";
import { readSessionAudit } from "../io/audit-trail.js";
import { planContext } from "./execute.js";
import { checkExpectation, parseExpectation, type Difference, type Expectation } from "./expect.js";
import { pool, searchedFolder } from "./batch.js";
import { jsonDocument } from "./json-document.js";
import { displayPath, SESSION_FILE } from "./load.js";
import { EXIT, failed, type CommandEnv, type Failure, type Outcome } from "./outcome.js";
import { planTally } from "./tally.js";

const EXPECTED_FILE = "expected.json";
const CONCURRENCY = 4;

interface ScenarioResult {
  /** The scenario folder as given (relative to where the command runs). */
  scenario: string;
  ok: boolean;
  /** The exit code `piaojue tally` gave. */
  exitCode: number | null;
  /** Each difference; `candidate` names the candidate of a `data.candidates[i]…` path, for the reader. */
  differences: (Difference & { candidate?: string })[];
  /** Problems with the scenario itself (expected.json missing or not valid JSON): nothing was compared. */
  problems: Diagnostic[];
  /**
   * Why the tally refused the scenario's input, when it did: shown beside the differences, so a CI log says
   * it. Its files are named from where verify runs, as the scenario is.
   */
  refused: Diagnostic[];
}

async function kind(p: string): Promise<"dir" | "file" | null> {
  const s = await fs.stat(p).catch(() => null);
  return s?.isDirectory() ? "dir" : s?.isFile() ? "file" : null;
}

/** A folder with session.json or expected.json is a scenario itself. */
async function isScenario(dir: string): Promise<boolean> {
  const isFile = async (name: string) => (await kind(path.join(dir, name))) === "file";
  return (await isFile(SESSION_FILE)) || isFile(EXPECTED_FILE);
}

/**
 * Scenario folders at and below `dir` (holding expected.json or session.json), in path order. As batch
 * searches for sessions: the folders below a scenario are searched too, except its entry/ journal, and
 * out/, node_modules and hidden folders never are; links to folders are not followed. A session folder
 * whose expected.json is missing or misnamed is a scenario too, and fails for it, rather than dropping
 * out of the congress's checks unseen. For the same reason a scenario passed over is put in `passedOver`:
 * a link to a folder holding scenarios, and an out/ or node_modules folder that is a scenario.
 */
/** A folder holding scenarios that the search does not enter, and why: a link, or its name (out, node_modules). */
type PassedOver = { dir: string; cause: "link" | "out" | "node_modules" };

async function scenariosUnder(dir: string, passedOver: PassedOver[]): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
  const scenario = entries.some((e) => (e.name === EXPECTED_FILE || e.name === SESSION_FILE) && e.isFile());
  const dirs = entries.filter((e) => e.isDirectory() && searchedFolder(e.name, scenario)).map((e) => e.name).sort(compareCodePoints);
  const found = scenario ? [dir] : [];
  for (const e of entries) {
    const p = path.join(dir, e.name);
    // The walk below a link follows no further links, so looking inside one cannot loop.
    if (e.isSymbolicLink() && !e.name.startsWith(".") && (await kind(p)) === "dir" && (await scenariosUnder(p, [])).length > 0) passedOver.push({ dir: p, cause: "link" });
    else if (e.isDirectory() && (e.name === "out" || e.name === "node_modules") && await isScenario(p)) passedOver.push({ dir: p, cause: e.name });
  }
  for (const name of dirs) appendAll(found, await scenariosUnder(path.join(dir, name), passedOver));
  return found;
}

/**
 * Each argument is a scenario folder, its expected.json, or a folder of scenarios. A plain file or a folder
 * without scenarios among scenario folders (the README.md or docs/ a shell glob such as scenarios/* brings
 * along) is passed over with a warning; given alone, or only with others like it, it is an error, so a
 * mistyped argument never passes unseen.
 */
async function expand(args: readonly string[], env: CommandEnv): Promise<{ dirs: string[]; problems: Diagnostic[]; skipped: Diagnostic[] }> {
  const dirs: string[] = [];
  let problems: Diagnostic[] = [];
  const files: string[] = [];
  const passedOver: PassedOver[] = [];
  for (const arg of args) {
    const p = path.resolve(env.cwd, arg);
    const k = await kind(p);
    if (k === "file" && path.basename(p) === EXPECTED_FILE) dirs.push(path.dirname(p));
    else if (k === "file") files.push(arg);
    else if (k === null) problems.push(error("E_FILE", { file: arg }, { problem: "scenario-missing" }));
    else {
      // A scenario named itself (its expected.json may be a link), then the scenarios below it.
      const found = [...(await isScenario(p) ? [p] : []), ...await scenariosUnder(p, passedOver)];
      if (found.length === 0) problems.push(error("E_NO_SCENARIOS", { file: arg }));
      appendAll(dirs, found);
    }
  }
  const empty = problems.filter((d) => d.code === "E_NO_SCENARIOS").map((d) => d.at.file);
  if (dirs.length === 0) appendAll(problems, files.map((file) => error("E_FILE", { file }, { problem: "scenario-not-folder" })));
  else problems = problems.filter((d) => d.code !== "E_NO_SCENARIOS");
  const skipped = dirs.length === 0 ? [] : [
    ...empty.map((file) => warning("W_VERIFY_FOLDER_SKIPPED", { file })),
    ...files.map((file) => warning("W_VERIFY_FILE_SKIPPED", { file })),
  ];
  // A folder reached from two arguments is named once.
  const notRun = [...new Map(passedOver.map((f) => [f.dir, f])).values()].sort((a, b) => (a.dir < b.dir ? -1 : a.dir > b.dir ? 1 : 0)).map(({ dir, cause }) => {
    const file = displayPath(env, dir);
    return warning("W_VERIFY_PASSED_OVER", { file }, { folder: file, why: cause });
  });
  return { dirs: [...new Set(dirs)], problems, skipped: [...skipped, ...notRun] };
}

/** A file in the scenario folder that was likely meant as its expected.json (expect.json, expected.JSON, expected.json.txt). */
async function misnamedExpected(dir: string): Promise<string | undefined> {
  const names = await fs.readdir(dir).catch(() => []);
  return names.sort().find((n) => n !== EXPECTED_FILE && /^expect/i.test(n) && /\.json/i.test(n));
}

/**
 * expected.json's text, decoded as session.json is (UTF-8, or UTF-16 with its BOM; anything else
 * refused with its place); its problems name it as `file`.
 */
async function readExpected(dir: string, file: string, env: CommandEnv): Promise<{ text?: string; diagnostics: Diagnostic[] }> {
  try {
    return { text: await new SessionReader(dir, env.encoding).text(EXPECTED_FILE), diagnostics: [] };
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    const missing = e.diagnostics.some((d) => d.code === "E_FILE" && d.params["errno"] === "ENOENT");
    if (!missing) return { diagnostics: e.diagnostics.map((d) => ({ ...d, at: { ...d.at, file } })) };
    const found = await misnamedExpected(dir);
    const params: Params = found === undefined ? { problem: "expected-missing" } : { problem: "expected-misnamed", found };
    return { diagnostics: [error("E_FILE", { file }, params)] };
  }
}

async function verifyOne(dir: string, env: CommandEnv): Promise<ScenarioResult> {
  const label = displayPath(env, dir);
  // A file of the scenario named from where verify runs (an absolute place, as of its out/, too).
  const named = (d: Diagnostic): Diagnostic => ({ ...d, at: { ...d.at, file: displayPath(env, path.resolve(dir, d.at.file)) } });
  const file = displayPath(env, path.join(dir, EXPECTED_FILE));
  const read = await readExpected(dir, file, env);
  const expected = read.text === undefined ? { diagnostics: read.diagnostics } : parseExpectation(read.text, file);
  if (!expected.value) {
    return { scenario: label, ok: false, exitCode: null, differences: [], problems: expected.diagnostics, refused: [] };
  }
  // The tally plan, called without writing anything: the scenario folder is only read. Planned as from
  // inside the scenario folder, a hint that is a command to run (piaojue enter --issued …) names no folder,
  // so a document pasted from `tally --json` run there matches wherever the scenario is moved. One pasted
  // from where verify runs names the folder as typed there: when only hints differ, that reading is tried.
  let { outcome, differences } = await compareTally(dir, expected.value, { ...env, cwd: dir });
  if (differences.length > 0 && differences.every((d) => /\.hint(En)?$/.test(d.path)) && path.resolve(env.cwd) !== dir) {
    const fromHere = await compareTally(dir, expected.value, env);
    if (fromHere.differences.length === 0) ({ outcome, differences } = fromHere);
  }
  const refused = outcome.error?.diagnostics.filter((d) => d.severity === "error").map(named) ?? [];
  return { scenario: label, ok: differences.length === 0, exitCode: outcome.exitCode, differences, problems: [], refused };
}

/** The tally of a scenario as `piaojue tally --json --lang en` run from `env.cwd` prints it, and how it differs from the expectation. */
async function compareTally(dir: string, expected: Expectation, env: CommandEnv): Promise<{ outcome: Outcome; differences: (Difference & { candidate?: string })[] }> {
  let outcome: Outcome;
  try {
    const ctx = planContext(env, dir, path.join(dir, "out"));
    // The scenario's own out/ says what was printed, as tally reads it (a changed name or rule is warned).
    const trail = await readSessionAudit(path.join(dir, "out"), dir);
    const { output: _files, ...planned } = await planTally(new SessionReader(dir, env.encoding), { trail }, ctx);
    outcome = planned;
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    outcome = failed("tally", e.diagnostics);
  }
  // The Chinese document with messageEn and hintEn beside each message, so a document pasted from either language matches.
  const doc = JSON.parse(JSON.stringify(jsonDocument(outcome, "en"))) as Parameters<typeof checkExpectation>[2];
  const candidates = (doc.data as { candidates?: { id?: unknown }[] } | null | undefined)?.candidates ?? [];
  const ids = candidates.map((c) => String(c.id));
  const differences = checkExpectation(expected, outcome.exitCode, doc).map((d) => {
    const m = /^data\.candidates\[(\d+)\]/.exec(d.path);
    const id = m ? ids[Number(m[1])] : undefined;
    return id !== undefined ? { ...d, candidate: id } : d;
  });
  return { outcome, differences };
}

function show(value: unknown, en: boolean): string {
  return value === undefined ? (en ? "(none)" : "（没有）") : JSON.stringify(value);
}

/**
 * An actual array as its expectation names it, for the screen: objects cut to the keys the expected elements
 * name (a candidate's id, approve and status of its eight), as verify compares them.
 */
function asNamed(actual: unknown[], expected: unknown[]): unknown[] {
  const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
  const named = new Set(expected.flatMap((e) => (isObject(e) ? Object.keys(e) : [])));
  if (named.size === 0) return actual;
  return actual.map((a) => (isObject(a) ? Object.fromEntries(Object.entries(a).filter(([k]) => named.has(k))) : a));
}

/** One difference as a person reads it: a warning expected but not given is said in words, not as "present"/"missing". */
function differenceLine(d: Difference & { candidate?: string }, en: boolean): string {
  const where = `${d.path}${d.candidate ? (en ? ` (${d.candidate})` : `（${d.candidate}）`) : ""}`;
  if (d.actual === "missing" && /^warnings\([^)]*\)$/.test(d.path)) return en ? `    ${where}: expected this warning, but the tally did not give it` : `    ${where}：期望有这条提醒，实际没有`;
  if (d.reasonsUnknown) {
    return en
      ? `    ${where}: expected ${show(d.expected, en)}, but a hand-counted round's void ballots have no known reasons (counts.csv gives none)`
      : `    ${where}：期望 ${show(d.expected, en)}，实际不知道：手工计票（counts.csv）的一轮不知道无效票的原因`;
  }
  // An array of another length: both arrays, so the element missing or extra is seen.
  const got = d.expectedArray && d.actualArray ? show(asNamed(d.actualArray, d.expectedArray), en) : undefined;
  const arrays = got === undefined ? "" : en
    ? ` (expected ${show(d.expectedArray, en)}, got ${got})`
    : `（期望 ${show(d.expectedArray, en)}，实际 ${got}）`;
  return en
    ? `    ${where}: expected ${show(d.expected, en)}, got ${show(d.actual, en)}${arrays}`
    : `    ${where}：期望 ${show(d.expected, en)}，实际 ${show(d.actual, en)}${arrays}`;
}

/**
 * `out` is the -o the command line gave: verify writes nothing, so it is not used, and a CI script that
 * expects files there is told so.
 */
export async function runVerify(opts: { scenarios: readonly string[]; out?: string }, env: CommandEnv): Promise<Outcome> {
  const { dirs, problems, skipped } = await expand(opts.scenarios, env);
  const warnings = [...(opts.out === undefined ? [] : [warning("W_OUT_UNUSED", { file: opts.out })]), ...skipped];
  if (problems.length > 0) return { ...failed("verify", problems, { why: "scenarios-invalid" }), warnings };
  // Each scenario's document is compared with messageEn beside every message, whatever --lang says.
  await loadLanguage("en");
  const results = await pool(dirs, CONCURRENCY, (dir) => verifyOne(dir, env));
  const passed = results.filter((r) => r.ok).length;
  // A scenario whose expected.json is missing or wrong was not compared: not counted as differing.
  const unchecked = results.filter((r) => r.problems.length > 0).length;
  const failedCount = results.length - passed - unchecked;
  const en = env.lang === "en";
  const report: string[] = [];
  for (const r of results) {
    report.push(`${r.ok ? "✓" : "✗"} ${r.scenario}`);
    for (const d of r.differences) report.push(differenceLine(d, en));
    // The problems themselves, with their hints, are the run's errors (below the report).
    if (r.problems.length > 0) {
      const missing = r.problems.some((p) => ["expected-missing", "expected-misnamed"].includes(String(p.params["problem"])));
      report.push(en
        ? `    ${missing ? "No expected.json" : "expected.json is wrong"}: not compared (see the errors below)`
        : `    ${missing ? "缺少 expected.json" : "expected.json 有误"}，没有比对（见下方的错误）`);
    }
    if (r.ok || r.refused.length === 0) continue;
    report.push(en ? "    The tally refused the input:" : "    计票拒绝了输入：");
    for (const p of r.refused) {
      const { message, hint } = renderDiagnostic(p, env.lang);
      report.push(`      ${placeOf(p.at)} ${p.code} ${message}`);
      if (hint) report.push(`        ${en ? "hint: " : "提示："}${hint}`);
    }
  }
  const counts = en
    ? [`${passed} matched`, ...(failedCount > 0 ? [`${failedCount} differed`] : []), ...(unchecked > 0 ? [`${unchecked} not compared`] : [])].join(", ")
    : [`${passed} 个符合`, ...(failedCount > 0 ? [`${failedCount} 个不符`] : []), ...(unchecked > 0 ? [`${unchecked} 个没有比对`] : [])].join("，");
  report.push("", en ? `${results.length} ${results.length === 1 ? "scenario" : "scenarios"}: ${counts}` : `${results.length} 个场景：${counts}`);
  // Each scenario's problems as --json records (with their Chinese words).
  const record = (d: Diagnostic) => diagnosticRecord(d, env.lang);
  const scenarios = results.map((r) => ({ ...r, problems: r.problems.map(record), refused: r.refused.map(record) }));
  const data = { scenarios, passed, failed: failedCount, unchecked };
  if (passed === results.length) return { command: "verify", exitCode: EXIT.ok, data, warnings, report };
  // A wrong expected.json is the scenario's own problem, named as such before any difference.
  const failure: Failure = unchecked > 0
    ? { why: "expected-invalid", params: { count: unchecked, differ: failedCount } }
    : { why: "scenarios-differ", params: { count: failedCount } };
  return {
    command: "verify", exitCode: EXIT.invalid, data, warnings, report,
    error: { code: unchecked > 0 ? "E_VERIFY_INVALID" : "E_VERIFY_MISMATCH", failure, diagnostics: results.flatMap((r) => r.problems) },
  };
}
