// How bin/piaojue.js gets `run`: from dist/bundle/piaojue.cjs — every module in one file, compiled from a
// V8 code cache, so a command starts in about half the time — when the bundle was made from the modules
// now in dist/ (its manifest lists each with its time and size); otherwise from the modules themselves.
// `npm run build` makes the bundle; a plain `tsc` leaves it stale, and then it is simply not used.
// Node's own modules are taken with process.getBuiltinModule: importing them as ES modules would load
// parts (file streams) that a start does not need. This file is CommonJS (start.cts → start.cjs), as is
// bin/piaojue.js: starting through Node's ES module loader costs every command a few milliseconds.
import type * as Vm from "node:vm";

export type Run = typeof import("./run.js", { with: { "resolution-mode": "import" } }).run;

const fs = process.getBuiltinModule("node:fs");
const path = process.getBuiltinModule("node:path");
const vm = process.getBuiltinModule("node:vm");
const { createRequire } = process.getBuiltinModule("node:module");

const DIST = path.join(__dirname, "..");

/**
 * `require` for the bundle. child_process is handed over only when used: the argument parser loads it for
 * subcommands run as separate programs, which piaojue has none of, and loading it costs a start
 * milliseconds.
 */
function bundleRequire(file: string): NodeJS.Require {
  const real = createRequire(file);
  let childProcess: object | undefined;
  const lazy = new Proxy({}, { get: (_, key) => Reflect.get((childProcess ??= real("node:child_process") as object), key) });
  return Object.assign((id: string) => (id === "node:child_process" || id === "child_process" ? lazy : real(id)), real);
}

/** Compiles the bundle (with its code cache when it is given and still fits this Node) and returns its `run`. */
export function compileBundle(file: string, cachedData: Buffer | undefined): { script: Vm.Script; run: Run } {
  const source = fs.readFileSync(file, "utf8");
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: file,
    ...(cachedData ? { cachedData } : {}),
    // The bundle's own import() of a package left out of it (the prompt library) goes to Node's loader.
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const module = { exports: {} as { run?: Run } };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, bundleRequire(file), module, file, path.dirname(file));
  if (typeof module.exports.run !== "function") throw new Error("bundle without run");
  return { script, run: module.exports.run };
}

/** Whether bin/piaojue.js will start from the bundle (for the bench's report). */
export function bundleIsUsable(): boolean {
  try { return bundleIsCurrent(path.join(DIST, "bundle")); } catch { return false; }
}

function bundleIsCurrent(dir: string): boolean {
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, "manifest.json"), "utf8")) as { modules: [string, number, number][] };
  if (!Array.isArray(manifest.modules) || manifest.modules.length === 0) return false;
  for (const [rel, mtime, size] of manifest.modules) {
    const s = fs.statSync(path.join(DIST, rel));
    if (s.mtimeMs !== mtime || s.size !== size) return false;
  }
  return true;
}

export async function loadRun(env: Record<string, string | undefined> = process.env): Promise<Run> {
  if (!env.PIAOJUE_NO_BUNDLE) {
    try {
      const dir = path.join(DIST, "bundle");
      if (bundleIsCurrent(dir)) {
        let cache: Buffer | undefined;
        try { cache = fs.readFileSync(path.join(dir, "piaojue.cjs.cache")); } catch { /* compiled without it */ }
        return compileBundle(path.join(dir, "piaojue.cjs"), cache).run;
      }
    } catch { /* no bundle, or not current: the modules themselves */ }
  }
  return (await import("./run.js")).run;
}
