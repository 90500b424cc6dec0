// Shared test helpers: run the CLI in-process and copy fixture folders to scratch space.
import { createHash } from "node:crypto";
import { cpSync, mkdirSync, mkdtempSync, promises as fs, readdirSync, readFileSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { run } from "../src/cli/run.js";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const FIXTURES = path.join(ROOT, "fixtures");
export const SEEDS = path.join(ROOT, "seeds");

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON when --json was given. */
  json: any;
}

export async function runCli(argv: string[], options: { cwd?: string; now?: Date; stdinTTY?: boolean; stdin?: NodeJS.ReadableStream & { isTTY?: boolean } } = {}): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const code = await run(argv, {
    stdout: { write: (s: string) => { stdout += s; return true; } },
    stderr: { write: (s: string) => { stderr += s; return true; } },
    cwd: options.cwd ?? ROOT,
    ...(options.stdin ? { stdin: options.stdin } : {}),
    env: {},
    now: () => options.now ?? new Date("2026-01-15T10:00:00Z"),
  });
  let json: any = undefined;
  if (argv.includes("--json")) json = JSON.parse(stdout);
  return { code, stdout, stderr, json };
}

// Every folder scratchCopy and makeSession make is removed when the test file that made it ends
// (test/file-cleanup.ts calls this after each file: a module shared by the files of one worker registers
// its own hooks only once). The helpers below, called thousands of times a run on small files, use the
// synchronous file calls, which take microseconds in the run's folder in memory (test/global-setup.ts).
const made: string[] = [];
export async function removeMadeFolders(): Promise<void> {
  await Promise.all(made.splice(0).map((dir) => fs.rm(dir, { recursive: true, force: true })));
}

/** A fresh copy of a folder (without out/) in a temp directory; returns the copy's path. */
export async function scratchCopy(dir: string): Promise<string> {
  const base = mkdtempSync(path.join(os.tmpdir(), "piaojue-test-"));
  made.push(base);
  const target = path.join(base, path.basename(dir));
  cpSync(dir, target, { recursive: true, filter: (src) => path.basename(src) !== "out" });
  return target;
}

/** Writes a small session folder from file contents; returns its path. */
export async function makeSession(files: Record<string, string | Uint8Array>): Promise<string> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "piaojue-session-"));
  made.push(dir);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

/** Every file below a folder with its bytes, for "nothing written" and "byte-identical" checks. */
export async function snapshot(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  function walk(d: string): void {
    let entries;
    try { entries = readdirSync(d, { withFileTypes: true }); } catch { return; }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(path.relative(dir, p), readFileSync(p).toString("base64"));
    }
  }
  walk(dir);
  return out;
}

/** SHA-256 as hex by node:crypto: the tests' own reference for the hashes piaojue writes. */
export function sha256(data: Uint8Array | string): string {
  return createHash("sha256").update(data).digest("hex");
}
