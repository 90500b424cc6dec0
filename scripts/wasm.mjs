// Compiles src/io/ballot-scan.wat to WebAssembly and writes it, as base64, into src/io/ballot-scan-wasm.ts
// (committed, so building the project needs no WebAssembly tools). test/io/ballot-scan.test.ts checks
// that the committed module is the one this script makes from the .wat.
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import wabt from "wabt";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const SOURCE = path.join(ROOT, "src", "io", "ballot-scan.wat");
const TARGET = path.join(ROOT, "src", "io", "ballot-scan-wasm.ts");

/** The module's bytes, made from the .wat. */
export async function compileBallotScan() {
  const w = await wabt();
  const module = w.parseWat("ballot-scan.wat", readFileSync(SOURCE, "utf8"), { simd: true });
  try {
    module.validate();
    return Buffer.from(module.toBinary({}).buffer);
  } finally {
    module.destroy();
  }
}

export function moduleSource(bytes) {
  return `// Made by scripts/wasm.mjs from ballot-scan.wat; do not edit.\nexport const BALLOT_SCAN_WASM = "${bytes.toString("base64")}";\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const bytes = await compileBallotScan();
  writeFileSync(TARGET, moduleSource(bytes));
  console.log(`${path.relative(ROOT, TARGET)}: ${bytes.length} bytes of WebAssembly`);
}
