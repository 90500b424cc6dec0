// npm run build joins dist/ into dist/bundle: loading some 180 ES modules one by one took longer than the
// whole township tally. Everything every run loads (the command line, the core, the Chinese catalogue, the
// CSV and schema packages) goes into one chunk, start.js: split into the pieces its modules happen to share,
// it was a dozen files to find and read before the first line ran. Each command, and the English catalogue,
// stays in its own chunks, loaded only by a run that needs them.
const ENTRY = "dist/cli/run.js";

/** The modules the entry imports statically, directly or through others: what every run loads. */
const startModules = new Set();

function staticImports() {
  return {
    name: "static-imports",
    buildEnd() {
      const entry = [...this.getModuleIds()].find((id) => this.getModuleInfo(id)?.isEntry);
      const waiting = [entry];
      while (waiting.length > 0) {
        const id = waiting.pop();
        if (id === undefined || startModules.has(id)) continue;
        startModules.add(id);
        waiting.push(...(this.getModuleInfo(id)?.importedIds ?? []));
      }
    },
  };
}

export default {
  input: ENTRY,
  platform: "node",
  logLevel: "warn",
  plugins: [staticImports()],
  output: {
    dir: "dist/bundle",
    format: "esm",
    chunkFileNames: "[name].js",
    cleanDir: true,
    codeSplitting: { groups: [{ name: "start", test: (id) => startModules.has(id) }] },
  },
};
