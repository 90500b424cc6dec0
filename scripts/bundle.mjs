// Part of `npm run build` (after tsc): bundles dist/cli/run.js and everything it imports into one file,
// dist/bundle/piaojue.cjs, and stores a V8 code cache for it made by running the sample session once.
// bin/piaojue.js uses the bundle only while every module it was made from is unchanged (dist/bundle/
// manifest.json), so a plain `tsc` never runs stale code; it then starts from dist/ as before.
import { promises as fs, statSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { rolldown } from "rolldown";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const DIST = path.join(ROOT, "dist");
// `node scripts/bundle.mjs DIR` writes DIR/dist/bundle/ instead (a test checks a bundle made aside).
const OUT = path.join(process.argv[2] ? path.resolve(process.argv[2]) : ROOT, "dist", "bundle");
const BUNDLE = path.join(OUT, "piaojue.cjs");

// Everything but Node's own modules and the prompt library is bundled. The prompt library (with its
// encoding tables, half the bundle's size) is only needed by an interactive init, so it stays out and is
// loaded with require when the first question is asked.

async function build() {
  await fs.rm(OUT, { recursive: true, force: true });
  const bundle = await rolldown({
    input: path.join(DIST, "cli", "run.js"),
    platform: "node",
    external: (id) => id.startsWith("node:") || id.startsWith("@inquirer/"),
    logLevel: "warn",
  });
  const { output } = await bundle.write({ file: BUNDLE, format: "cjs", codeSplitting: false });
  await bundle.close();
  const modules = output.flatMap((chunk) => (chunk.type === "chunk" ? chunk.moduleIds : []))
    .filter((id) => id.startsWith(DIST + path.sep))
    .map((id) => {
      const s = statSync(id);
      return [path.relative(DIST, id).split(path.sep).join("/"), s.mtimeMs, s.size];
    })
    .sort((a, b) => (a[0] < b[0] ? -1 : 1));
  await fs.writeFile(path.join(OUT, "manifest.json"), JSON.stringify({ bundle: "piaojue.cjs", modules }) + "\n");
  return modules.length;
}

/** Runs the bundle once on a copy of the sample session, then keeps the compiled code for the next starts. */
async function warm() {
  const { compileBundle } = await import(path.join(DIST, "cli", "start.cjs"));
  const { script, run } = compileBundle(path.join(OUT, "piaojue.cjs"), undefined);
  const work = await fs.mkdtemp(path.join(os.tmpdir(), "piaojue-bundle-"));
  const sink = { write: () => true };
  const io = { stdout: sink, stderr: sink, env: {}, cwd: work };
  try {
    await fs.cp(path.join(ROOT, "seeds", "township-2026"), path.join(work, "s"), { recursive: true, filter: (src) => path.basename(src) !== "out" });
    for (const argv of [["tally", "s"], ["tally", "s", "--json"], ["check", "s"], ["--help"]]) await run(argv, io);
  } finally {
    await fs.rm(work, { recursive: true, force: true });
  }
  await fs.writeFile(path.join(OUT, "piaojue.cjs.cache"), script.createCachedData());
}

const count = await build();
await warm();
console.log(`${path.relative(process.cwd(), BUNDLE)}: ${count} modules, with code cache`);
